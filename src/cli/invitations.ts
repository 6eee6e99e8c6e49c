import { existsSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { MAX_INVITATIONS_PER_CALL } from '../domain/limits'
import type { RoundSummary } from '../domain/report'
import { linksCsv } from '../formats/csv'
import { mintInvitations, openRound } from '../services/opening'
import { argFor, defineCommand, opt, resolveWhen } from './command'
import { stamp, type Output } from './output'
import { OPERATOR } from '../domain/actor'
import { getTeam } from '../services/teams'
import { linksText } from '../views/round-parts'
import { printDelivery, printFailedDelivery } from './links'

const CSV = z
  .string()
  .refine((f) => !existsSync(f), 'names a file that exists; links are secrets, choose a new file')
  .refine((f) => existsSync(dirname(f)) && statSync(dirname(f)).isDirectory(), {
    message: 'is in a folder that does not exist',
  })
  .optional()

/** Hands out links: to a new CSV file (readable only by you), or one per line on stdout. */
export function deliverLinks(
  out: Output,
  links: { url: string; secret: string }[],
  csv: string | undefined,
): void {
  if (csv) {
    try {
      writeFileSync(csv, linksCsv(links), {
        flag: 'wx',
        mode: 0o600,
      })
      return out.print(`Wrote ${links.length} links to ${csv}.`)
    } catch (err) {
      // The secrets exist only now: show them rather than lose them.
      out.note(`error: could not write ${csv} (${String(err)}); the links follow instead.`)
    }
  }
  out.print(`Links (single-use, shown only now):`)
  for (const link of links) out.print(link.url)
}

const describe = (r: RoundSummary) =>
  `${r.surveyTitle} v${r.surveyVersion}, k ${r.k}, closes ${stamp(r.closesAt)}`

const openRoundCommand = defineCommand({
  name: 'open-round',
  summary: 'Open a round for a team, mail its links and print those to hand out by hand',
  usage:
    '--team ID --survey ID [--version V] [--k 5] --closes WHEN [--invitations N] [--opens WHEN] [--csv FILE]',
  details: [
    '',
    'WHEN is an ISO date-time (2026-05-01T17:00:00Z) or a time from now: 90m, 36h, 7d, 2w.',
    'k (at least 3, default DEFAULT_K) is fixed now; it can be raised later, never lowered.',
    'With mail configured, each roster member with an address gets their own link by mail and',
    'nobody sees it. --invitations is how many links to hand out by hand; by default one per',
    'roster member not mailed (everyone without mail). A round never has more links than its',
    'roster plus extra links allowed (allow-links).',
    'With --csv the links go to a new file (mode 600) instead of the terminal.',
  ],
  options: {
    team: { type: 'string' },
    survey: { type: 'string' },
    version: { type: 'string' },
    k: { type: 'string' },
    opens: { type: 'string' },
    closes: { type: 'string' },
    invitations: { type: 'string' },
    csv: { type: 'string' },
  },
  schema: z.object({
    team: opt.team(),
    survey: opt.id('--survey psychological-safety'),
    version: opt.int(1, 10_000, '--version 1').optional(),
    k: opt.int(3, 1000, '--k 5').optional(),
    opens: opt.when('--opens 2026-05-01T09:00:00Z').optional(),
    closes: opt.when('--closes 7d'),
    invitations: opt.int(0, MAX_INVITATIONS_PER_CALL, '--invitations 12').optional(),
    csv: CSV,
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const team = await getTeam(deps, OPERATOR, input.team)
    const now = deps.now()
    const { round, links, delivery } = await openRound(deps, OPERATOR, {
      teamId: team.id,
      surveyId: input.survey,
      surveyVersion: input.version,
      k: input.k,
      opensAt: input.opens && resolveWhen(input.opens, now).toISOString(),
      closesAt: resolveWhen(input.closes, now).toISOString(),
      invitations: input.invitations,
    })
    ctx.out.print(`Opened round ${round.id} for "${team.name}": ${describe(round)}.`)
    ctx.out.print(`It has ${linksText(round)}.`)
    printDelivery(ctx.out, delivery, links.length)
    if (links.length > 0) deliverLinks(ctx.out, links, input.csv)
    else if (delivery.mode === 'manual')
      ctx.out.print(`Mint links with: npm run cli -- mint ${argFor('round', round.id)} --count N`)
    printFailedDelivery(ctx.out, round.id, delivery)
  },
})

const mintCommand = defineCommand({
  name: 'mint',
  summary: 'Mint more single-use links for an open round',
  usage: '--round ID --count N [--csv FILE]',
  options: { round: { type: 'string' }, count: { type: 'string' }, csv: { type: 'string' } },
  schema: z.object({
    round: opt.round(),
    count: opt.int(1, MAX_INVITATIONS_PER_CALL, '--count 5'),
    csv: CSV,
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const links = await mintInvitations(deps, OPERATOR, input.round, input.count)
    deliverLinks(ctx.out, links, input.csv)
  },
})

export const invitationCommands = [openRoundCommand, mintCommand]
