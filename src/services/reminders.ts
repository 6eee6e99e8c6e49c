import { claimReminder, listDueReminders, listUnusedLinks } from '../db/links'
import { findRound } from '../db/rounds'
import { findTeam } from '../db/teams'
import type { Deps } from '../deps'
import { localize } from '../domain/survey'
import { MailError } from '../mail/mailer'
import { reminderMail } from '../mail/templates'
import { inTurn, openLink } from './links'
import { getSurvey } from './surveys'

/**
 * Reminders (DESIGN.md threat model (c)): each due reminder goes to the members whose delivered
 * link is still unused, with their link again. The only record of who that is sits in
 * `unused_links`, which answering empties row by row and closing erases; a reminder is recorded
 * by its time alone. No count of reminded members is stored or logged: with the roster size it
 * would be a count of answers that ticks while the round is open (P2).
 */

/** Sends every reminder that is due (the Node timer, the Workers cron); how many went out. */
export async function sendDueReminders(deps: Deps): Promise<number> {
  const mail = deps.mail
  if (!mail) return 0
  const now = deps.now().toISOString()
  let sent = 0
  for (const due of await listDueReminders(deps.db, now)) {
    // Claimed before sending: two timers never remind twice.
    if (!(await claimReminder(deps.db, due.roundId, due.dueAt, now))) continue
    await remind(deps, due.roundId)
    sent++
  }
  return sent
}

async function remind(deps: Deps, roundId: string): Promise<void> {
  const round = await findRound(deps.db, roundId)
  const team = round && (await findTeam(deps.db, round.team_id))
  if (!round || !team) return
  const survey = await getSurvey(deps, round.survey_id, round.survey_version)
  const unused = await listUnusedLinks(deps.db, roundId)
  let failures = 0
  await inTurn(unused, 4, async (entry) => {
    if (!entry.email) return
    const locale = entry.locale === 'de' ? 'de' : 'en'
    const link = await openLink(deps, roundId, entry.sealedLink)
    const message = reminderMail(
      {
        locale,
        teamName: team.name,
        surveyTitle: localize(survey.title, locale),
        link,
        opensAt: round.opens_at,
        closesAt: round.closes_at,
        timeZone: team.timeZone,
        links: round.invited,
        teamSize: round.team_size,
        k: round.k,
        memberName: entry.name,
      },
      deps.now(),
    )
    try {
      await deps.mail!.send({ to: entry.email, ...message })
    } catch (err) {
      if (!(err instanceof MailError)) throw err
      failures++
    }
  })
  // Whether any failed, never which or how many: either would say who had not answered.
  if (failures > 0) deps.log.warn('some reminders could not be delivered', { roundId })
  deps.log.info('reminders sent', { roundId })
}
