import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { MAX_EXTRA_LINKS } from '../domain/roster'
import type { LinksOutcome } from '../services/opening'
import { allowExtraLinks, roundLinks, sendInvitations } from '../services/round-links'
import { loadRound, summarizeRound } from '../services/rounds'
import { linksText } from '../views/round-parts'
import { argFor, defineCommand, opt } from './command'
import { stamp, type Output } from './output'

/**
 * A round's ballot box from the command line (DESIGN.md P6b): mailing links to roster members,
 * extra links beyond the roster (recorded), and how the links stand. Never who answered.
 */

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** Who could not be reached, with the address and the mail server's reason. */
function printFailures(out: Output, failed: LinksOutcome['delivery']['failed']): void {
  for (const f of failed)
    out.print(`  could not reach ${f.email}${f.name ? ` (${f.name})` : ''}: ${f.reason}`)
}

/**
 * What opening a round did with its links, before those to hand out by hand: "Mailed 8 of 8
 * links; 2 to hand out by hand:", or in the manual mode what whoever holds the links could do.
 */
export function printDelivery(
  out: Output,
  delivery: LinksOutcome['delivery'],
  byHand: number,
): void {
  if (delivery.mode === 'manual') {
    out.print(`No mail is configured: ${plural(byHand, 'link')} to hand out by hand.`)
    out.note(
      'warning: whoever hands out the links holds every secret and could answer in others’ place or keep a link back. ' +
        'The team sees the number of links against its size, so extra links cannot be added unseen. ' +
        'Configure mail (SMTP_URL or MAIL_API_URL, with MAIL_FROM) so that the server delivers each link.',
    )
    return
  }
  const total = delivery.sent + delivery.failed.length
  const rest = byHand > 0 ? `; ${byHand} to hand out by hand:` : '.'
  out.print(`Mailed ${delivery.sent} of ${plural(total, 'link')}${rest}`)
}

/** After the links: the mail that failed, and how to send it again. */
export function printFailedDelivery(
  out: Output,
  roundId: string,
  delivery: LinksOutcome['delivery'],
): void {
  if (delivery.failed.length === 0) return
  out.print(`${plural(delivery.failed.length, 'invitation')} could not be mailed:`)
  printFailures(out, delivery.failed)
  out.print(`Try again with: npm run cli -- send-invitations ${argFor('round', roundId)}`)
}

const sendCommand = defineCommand({
  name: 'send-invitations',
  summary: 'Mail links to roster members who have none yet, and retry failed mail',
  usage: '--round ID',
  details: [
    '',
    'For members added to the roster since the round opened, and invitations the mail server',
    'did not take (sent again, the same link, to the member’s current address).',
  ],
  options: { round: { type: 'string' } },
  schema: z.object({ round: opt.round() }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const { sent, failed } = await sendInvitations(deps, OPERATOR, input.round)
    if (sent + failed.length === 0)
      return ctx.out.print('Everyone on the roster with an address has a link; nothing was sent.')
    ctx.out.print(`Mailed ${sent} of ${plural(sent + failed.length, 'invitation')}.`)
    printFailures(ctx.out, failed)
  },
})

const allowCommand = defineCommand({
  name: 'allow-links',
  summary: 'Allow extra links beyond the roster for an open round (recorded with the reason)',
  usage: '--round ID --count N --reason TEXT',
  details: [
    '',
    'Recorded as allowed by the operator, with the reason. Everyone sees the number of links',
    'against the team’s size. Make the links with mint.',
  ],
  options: { round: { type: 'string' }, count: { type: 'string' }, reason: { type: 'string' } },
  schema: z.object({
    round: opt.round(),
    count: opt.int(1, MAX_EXTRA_LINKS, '--count 2'),
    reason: opt.text('--reason "Two new colleagues not on the roster yet"'),
  }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const view = await allowExtraLinks(deps, OPERATOR, input.round, input.count, input.reason)
    const left = Math.max(0, view.limit - view.links)
    ctx.out.print(
      `Round ${input.round} may now have ${view.limit} links (roster ${view.teamSize} + ${view.extraLinks} extra); it has ${view.links}, so ${left} more can be made.`,
    )
    ctx.out.print(`  npm run cli -- mint ${argFor('round', input.round)} --count ${left}`)
  },
})

const roundLinksCommand = defineCommand({
  name: 'round-links',
  summary: 'How a round’s links stand: against its limit, by mail, allowances, reminders',
  usage: '--round ID',
  options: { round: { type: 'string' } },
  schema: z.object({ round: opt.round() }),
  async run(ctx, input) {
    const deps = await ctx.open()
    const view = await roundLinks(deps, OPERATOR, input.round)
    const round = await summarizeRound(deps, await loadRound(deps, input.round))
    const limit =
      view.extraLinks > 0
        ? `limit ${view.limit}: roster ${view.teamSize} + ${view.extraLinks} extra allowed`
        : `limit ${view.limit}: one per person on the roster`
    const rows: [string, string][] = [['Links', `${linksText(round)} (${limit})`]]
    if (view.mode === 'manual') rows.push(['Delivery', 'by hand (no mail configured)'])
    else {
      const failed = view.failed.length > 0 ? `, ${view.failed.length} failed` : ''
      rows.push(['Delivery', `by mail: ${view.sent} sent${failed}`])
      if (view.withoutAddress > 0)
        rows.push(['', `${plural(view.withoutAddress, 'member')} without an address (by hand)`])
    }
    for (const f of view.failed)
      rows.push(['Failed', `${f.email}${f.name ? ` (${f.name})` : ''}: ${f.reason}`])
    for (const a of view.allowances)
      rows.push([
        'Allowed',
        `${plural(a.count, 'extra link')} by ${a.allowedBy}, ${stamp(a.createdAt)}: ${a.reason}`,
      ])
    for (const r of view.reminders)
      rows.push(['Reminder', `${stamp(r.dueAt)} ${r.sentAt ? 'sent' : 'not sent yet'}`])
    ctx.out.print(`Round ${round.id} (${round.status})`)
    for (const [term, text] of rows) ctx.out.print(`  ${term.padEnd(9)} ${text}`)
  },
})

export const linkCommands = [sendCommand, allowCommand, roundLinksCommand]
