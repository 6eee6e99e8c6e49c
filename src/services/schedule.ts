import type { Deps } from '../deps'
import { closeDueCampaigns } from './campaigns'
import { announceQuorums } from './chat'
import { closeDueRounds } from './release'
import { openDueScheduled } from './schedules'
import { sendDueReminders } from './reminders'

/**
 * What the server does on its own, every CLOSE_CHECK_SECONDS (the Node timer, the Workers cron):
 * opens the rounds of recurring pulses that are due, closes and releases campaigns and rounds past
 * their closing time, then sends the reminders that are due.
 * Each part runs even if another failed; failures are logged without personal data.
 */
export async function runDueWork(deps: Deps): Promise<void> {
  const parts: [string, () => Promise<unknown>][] = [
    ['opening scheduled rounds', () => openDueScheduled(deps)],
    ['closing due campaigns', () => closeDueCampaigns(deps)],
    ['closing due rounds', () => closeDueRounds(deps)],
    ['sending reminders', () => sendDueReminders(deps)],
    ['announcing quorums', () => announceQuorums(deps)],
  ]
  for (const [what, run] of parts)
    await run().catch((err: unknown) => deps.log.error(`${what} failed`, { error: String(err) }))
}
