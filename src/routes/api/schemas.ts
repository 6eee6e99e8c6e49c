import '@hono/zod-openapi' // gives zod schemas `.openapi(name)`
import { z } from 'zod'
import { GroupBeside } from '../../domain/heatmap'
import { RoundReport, RoundSummary, SharedRoundReport, Trend } from '../../domain/report'
import { SurveyDefinition } from '../../domain/survey'

/*
 * Response shapes more than one operation returns, each a named schema of the OpenAPI document
 * (`components/schemas`), so generated clients get one type per thing rather than one per use.
 */

/**
 * A schema of the domain, named for the document. Zod copies methods onto each schema as it is
 * made, so one made before @hono/zod-openapi was loaded has no `.openapi()`; its clone, made now,
 * does.
 */
const named = <T extends z.ZodType>(schema: T, name: string): T => schema.clone().openapi(name)

export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok')

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['admin', 'facilitator']),
  })
  .openapi('User')

export const Team = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    timeZone: z.string().describe('IANA time zone, e.g. Europe/Berlin; UTC by default'),
    rotation: z.boolean().describe('Whether each new round’s facilitator is the next member'),
    chatHint: z
      .string()
      .nullable()
      .describe('What identifies the team’s chat webhook without revealing it; null for none'),
  })
  .openapi('Team')

export const RoundSummarySchema = named(RoundSummary, 'RoundSummary')

const GroupBesideSchema = named(GroupBeside, 'GroupBeside')
const groupBeside = GroupBesideSchema.nullable()
  .optional()
  .describe('Only for a round of a campaign: its group beside it, where both were published')

export const RoundReportSchema = named(
  RoundReport.extend({ round: RoundSummarySchema, group: groupBeside }),
  'RoundReport',
)

/** A report through a team's share link: without the number of links and the response rate. */
export const SharedRoundReportSchema = named(
  SharedRoundReport.extend({ group: groupBeside }),
  'SharedRoundReport',
)

export const TrendSchema = named(Trend, 'Trend')

export const SurveyDefinitionSchema = named(SurveyDefinition, 'SurveyDefinition')

export const InvitationLink = z
  .object({
    secret: z.string(),
    url: z.string().describe('The link to hand out; the secret travels after `#`'),
  })
  .openapi('InvitationLink')

const FailedDelivery = z.object({
  memberId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  reason: z.string().describe('What the mail server said'),
})

/** What a mailing of links did; never who answered. */
export const DeliverySchema = z
  .object({
    mode: z
      .enum(['mail', 'manual'])
      .describe('`manual`: no mail configured, every link is handed out by hand'),
    sent: z.number().int().describe('Invitations the mail server accepted'),
    failed: z.array(FailedDelivery).describe('Addresses the mail server refused or did not take'),
  })
  .openapi('Delivery')

/** How a round's links stand (P6b): how many exist against the limit, and how mail went. */
export const RoundLinksSchema = z
  .object({
    mode: z.enum(['mail', 'manual']),
    links: z.number().int().describe('Links the round has'),
    teamSize: z.number().int().describe('People on the roster'),
    extraLinks: z.number().int().describe('Links an admin allowed beyond the roster'),
    limit: z.number().int().describe('The most links the round may have: teamSize + extraLinks'),
    sent: z.number().int(),
    failed: z.array(FailedDelivery),
    withoutAddress: z
      .number()
      .int()
      .describe('Roster members without an email address: their links are handed out by hand'),
    leftByHand: z
      .number()
      .int()
      .describe(
        'How many more links may be made by hand now: within the limit and, with mail, only for members without an address and extra links',
      ),
    allowances: z.array(
      z.object({
        count: z.number().int(),
        reason: z.string(),
        allowedBy: z.string(),
        createdAt: z.string(),
      }),
    ),
    reminders: z.array(z.object({ dueAt: z.string(), sentAt: z.string().nullable() })),
  })
  .openapi('RoundLinks')
