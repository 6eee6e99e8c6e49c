import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { allowExtraLinks, roundLinks, sendInvitations } from '../../services/round-links'
import { actorOf, apiRouter, errors, json, jsonBody, security } from '../http'
import { DeliverySchema, RoundLinksSchema } from './schemas'

const RoundParam = z.object({ roundId: z.string().max(64) })

/** How a round's links stand, mailing them to new members, and extra links (P6b). */
export function linksApi(deps: Deps) {
  const app = apiRouter()

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
