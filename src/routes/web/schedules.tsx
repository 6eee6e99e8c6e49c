import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import type { PulseRule } from '../../domain/schedule'
import type { User } from '../../domain/users'
import {
  moveNextPulse,
  recurringPulseOf,
  removeRecurringPulse,
  setRecurringPulse,
  skipNextPulse,
} from '../../services/schedules'
import { listSurveys } from '../../services/surveys'
import { getTeam } from '../../services/teams'
import { RecurringPulsePage } from '../../views/schedule'
import { statusOf } from '../error-status'
import type { AppEnv } from '../http'
import { parseLocalInput } from '../../domain/time'
import { askFirst } from './ask-first'
import { csrfToken, pageUser, readForm } from './context'
import { parseForm, WholeNumber } from './forms'

/** What the page says after each action (by `?done=`); nothing else from the address is shown. */
const DONE: Record<string, string> = {
  saved: 'The recurring pulse was saved.',
  paused: 'The recurring pulse is paused; no rounds open until it is resumed.',
  resumed: 'The recurring pulse runs again, from its next occurrence.',
  skipped: 'The next round was skipped.',
  moved: 'The next round was moved.',
  removed: 'The recurring pulse was removed; rounds it opened stay as they are.',
}

/** The pulse form; the weeks fields or the monthly one count, as the cadence says. */
const PulseForm = z.object({
  surveyId: z.string().trim().min(1, 'Choose a survey.'),
  cadence: z.enum(['weeks', 'monthly'], { error: 'Choose how the pulse repeats.' }),
  everyWeeks: WholeNumber(1, 12),
  weekday: WholeNumber(0, 6),
  dayOfMonth: WholeNumber(1, 28),
  openTime: z.string().trim(),
  openDays: WholeNumber(1, 28),
  k: WholeNumber(3, 1000),
})

function ruleOf(form: z.output<typeof PulseForm>): PulseRule {
  const timing = { openTime: form.openTime, openDays: form.openDays }
  return form.cadence === 'weeks'
    ? { cadence: 'weeks', everyWeeks: form.everyWeeks, weekday: form.weekday, ...timing }
    : { cadence: 'monthly', dayOfMonth: form.dayOfMonth, ...timing }
}

/** Form fields of the other cadence do not matter: fill them so they cannot refuse the form. */
function relevant(form: Record<string, string>): Record<string, string> {
  if (form.cadence === 'monthly') return { ...form, everyWeeks: '1', weekday: '1' }
  return { ...form, dayOfMonth: '1' }
}

/** A team's recurring pulse from its page's forms: set, pause, resume, skip, move, remove. */
export function schedulePages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    user: User,
    teamId: string,
    extra: { notice?: string | undefined; error?: AppError; values?: Record<string, string> } = {},
  ) {
    const actor = asUser(user)
    const team = await getTeam(deps, actor, teamId)
    const seen = new Set<string>()
    const surveys = (await listSurveys(deps)).filter((s) => !seen.has(s.id) && seen.add(s.id))
    const page = (
      <RecurringPulsePage
        user={user}
        csrf={await csrfToken(deps, c)}
        team={team}
        teamId={team.id}
        pulse={await recurringPulseOf(deps, actor, team.id)}
        surveys={surveys}
        defaultK={deps.config.DEFAULT_K}
        {...extra}
      />
    )
    return c.html(page, extra.error ? statusOf(extra.error.code) : 200)
  }

  /** Runs an action; a refusal shows the page with why, success goes back to it. */
  async function act(
    c: Context<AppEnv>,
    done: string,
    action: (user: User, teamId: string, form: Record<string, string>) => Promise<unknown>,
  ) {
    const user = pageUser(c)
    const teamId = c.req.param('teamId') ?? ''
    await getTeam(deps, asUser(user), teamId)
    const form = await readForm(deps, c)
    try {
      await action(user, teamId, form)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, user, teamId, { error: err, values: form })
    }
    return c.redirect(`/teams/${teamId}/schedule?done=${done}`, 303)
  }

  /** Sets the pulse as it is, running or paused. */
  async function setActive(user: User, teamId: string, active: boolean) {
    const pulse = await recurringPulseOf(deps, asUser(user), teamId)
    if (!pulse) throw new AppError('not_found', {}, [], 'schedule_missing')
    const input = { surveyId: pulse.surveyId, k: pulse.k, rule: pulse.rule, active }
    await setRecurringPulse(deps, asUser(user), teamId, input)
  }

  app.get('/teams/:teamId/schedule', (c) =>
    render(c, pageUser(c), c.req.param('teamId'), { notice: DONE[c.req.query('done') ?? ''] }),
  )

  app.post('/teams/:teamId/schedule', (c) =>
    act(c, 'saved', async (user, teamId, form) => {
      const input = parseForm(PulseForm, relevant(form))
      const pulse = { surveyId: input.surveyId, k: input.k, rule: ruleOf(input) }
      await setRecurringPulse(deps, asUser(user), teamId, pulse)
    }),
  )

  app.post('/teams/:teamId/schedule/pause', (c) =>
    act(c, 'paused', (user, teamId) => setActive(user, teamId, false)),
  )

  app.post('/teams/:teamId/schedule/resume', (c) =>
    act(c, 'resumed', (user, teamId) => setActive(user, teamId, true)),
  )

  app.post('/teams/:teamId/schedule/skip', (c) =>
    // The occurrence shown on the page: a double click skips it once, not twice.
    act(c, 'skipped', (user, teamId, form) =>
      skipNextPulse(deps, asUser(user), teamId, form.next || undefined),
    ),
  )

  app.post('/teams/:teamId/schedule/move', (c) =>
    act(c, 'moved', async (user, teamId, form) => {
      const team = await getTeam(deps, asUser(user), teamId)
      // The field reads the team's clock (2026-12-15T09:00 there), by the open-round form's rule:
      // a date and time that does not exist (10:60, 24:00, 30 February) is refused.
      const at = parseLocalInput((form.at ?? '').trim(), team.timeZone)
      await moveNextPulse(deps, asUser(user), teamId, at?.toISOString() ?? 'invalid')
    }),
  )

  app.post('/teams/:teamId/schedule/remove', async (c) => {
    const teamId = c.req.param('teamId')
    const team = await getTeam(deps, asUser(pageUser(c)), teamId)
    const form = await readForm(deps, c)
    const asked = await askFirst(deps, c, form, async () => ({
      title: `Remove the recurring pulse of ${team.name}?`,
      lines: [
        'No more rounds open by themselves. Rounds already open stay open and close as planned.',
        'To start again, set up a new pulse.',
      ],
      yes: 'Yes, remove it',
      cancelHref: `/teams/${team.id}/schedule`,
    }))
    if (asked) return asked
    try {
      await removeRecurringPulse(deps, asUser(pageUser(c)), team.id)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return render(c, pageUser(c), team.id, { error: err, values: form })
    }
    return c.redirect(`/teams/${team.id}/schedule?done=removed`, 303)
  })

  return app
}
