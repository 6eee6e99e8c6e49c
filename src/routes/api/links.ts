import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { linksCsv } from '../../formats/csv'
import { mintInvitations } from '../../services/opening'
import { allowExtraLinks, roundLinks, sendInvitations } from '../../services/round-links'
import {
  actorOf,
  apiRouter,
  csvHeaders,
  csvResponse,
  errors,
  json,
  jsonBody,
  security,
  type AppEnv,
} from '../http'
import { DeliverySchema, InvitationLink, RoundLinksSchema } from './schemas'

const RoundParam = z.object({ roundId: z.string().max(64) })

/** Links to hand out by hand, each shown once. */
export const InvitationLinks = z.array(InvitationLink)

const MintRequest = {
  params: RoundParam,
  body: jsonBody(z.object({ count: z.number().int().min(1).max(MAX_INVITATIONS_PER_CALL) })),
}

/**
 * Scripts written before the `.csv` operations asked for CSV with `?format=csv`, and still get it.
 * The document leaves that parameter out, so that each response has one media type.
 */
export const wantsLegacyCsv = (c: Context) => c.req.query('format') === 'csv'

/** Links are secrets shown once: never cached anywhere on the way. */
export function linksCsvResponse(
  c: Context,
  roundId: string,
  links: z.infer<typeof InvitationLinks>,
) {
  c.header('cache-control', 'no-store')
  return c.body(linksCsv(links), 201, csvHeaders(`links-${roundId}.csv`))
}

/**
 * A round's links after it opened (P6b): more by hand within the limit, how they stand, mailing
 * them to new members, and extra links.
 */
export function linksApi(deps: Deps) {
  const app = apiRouter()

  /** More links by hand for the JSON and the CSV operation alike. */
  async function mintFor(c: Context<AppEnv>, roundId: string, count: number) {
    return {
      roundId,
      links: await mintInvitations(deps, actorOf(c), roundId, count, c.var.baseUrl),
    }
  }

  app.openapi(
    createRoute({
      operationId: 'mintInvitations',
      method: 'post',
      path: '/rounds/{roundId}/invitations',
      tags: ['Rounds'],
      summary: 'Mint more single-use links while the round is open',
      description: 'The links as a CSV file: `POST /api/rounds/{roundId}/invitations.csv`.',
      security,
      request: MintRequest,
      responses: {
        201: json(
          z.object({ links: InvitationLinks }),
          'The new links, shown only in this response',
        ),
        ...errors(404, 409),
      },
    }),
    async (c) => {
      const { roundId, links } = await mintFor(
        c,
        c.req.valid('param').roundId,
        c.req.valid('json').count,
      )
      if (wantsLegacyCsv(c)) return linksCsvResponse(c, roundId, links)
      c.header('cache-control', 'no-store')
      return c.json({ links }, 201)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'mintInvitationsCsv',
      method: 'post',
      path: '/rounds/{roundId}/invitations.csv',
      tags: ['Rounds'],
      summary: 'Mint more single-use links while the round is open, answered as a CSV file',
      security,
      request: MintRequest,
      responses: {
        201: csvResponse('The new links: `link,code`, a row each, shown only in this response'),
        ...errors(404, 409),
      },
    }),
    async (c) => {
      const { roundId, links } = await mintFor(
        c,
        c.req.valid('param').roundId,
        c.req.valid('json').count,
      )
      return linksCsvResponse(c, roundId, links)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'getRoundLinks',
      method: 'get',
      path: '/rounds/{roundId}/links',
      tags: ['Rounds'],
      summary: 'How many links the round has against its limit, and how their mail went',
      description:
        'Never says who answered: only whether each invitation mail was accepted, and when reminders go out (not to whom).',
      security,
      request: { params: RoundParam },
      responses: { 200: json(RoundLinksSchema, 'The round’s links'), ...errors(404) },
    }),
    async (c) => c.json(await roundLinks(deps, actorOf(c), c.req.valid('param').roundId), 200),
  )

  app.openapi(
    createRoute({
      operationId: 'sendInvitations',
      method: 'post',
      path: '/rounds/{roundId}/deliveries',
      tags: ['Rounds'],
      summary: 'Mail links to roster members who have none yet, and retry failed ones',
      description:
        'For members added to the roster since the round opened, and for invitations the mail server did not take (sent again to the member’s current address, the same link). Within the round’s limit. 409 `mail_off` when no mail is configured.',
      security,
      request: { params: RoundParam },
      responses: { 200: json(DeliverySchema, 'How the mail went'), ...errors(404, 409) },
    }),
    async (c) => {
      const { roundId } = c.req.valid('param')
      const delivery = await sendInvitations(deps, actorOf(c), roundId, c.var.baseUrl)
      return c.json({ mode: 'mail' as const, ...delivery }, 200)
    },
  )

  app.openapi(
    createRoute({
      operationId: 'allowExtraLinks',
      method: 'post',
      path: '/rounds/{roundId}/extra-links',
      tags: ['Rounds'],
      summary: 'Allow links beyond the roster for an open round (admin; recorded)',
      description:
        'Recorded with who allowed how many and why. Respondents, the team and the report see the number of links against the team’s size, so extra links are visible to everyone.',
      security,
      request: {
        params: RoundParam,
        body: jsonBody(
          z.object({
            count: z.number().int().min(1).max(MAX_EXTRA_LINKS),
            reason: z.string().trim().min(1, 'say why the roster is not enough').max(200),
          }),
        ),
      },
      responses: { 200: json(RoundLinksSchema, 'The round’s links'), ...errors(403, 404, 409) },
    }),
    async (c) => {
      const { count, reason } = c.req.valid('json')
      const roundId = c.req.valid('param').roundId
      return c.json(await allowExtraLinks(deps, actorOf(c), roundId, count, reason), 200)
    },
  )

  return app
}
