import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError } from '../../domain/errors'
import { decodeCsv, onCsvLines, parseRosterCsv } from '../../formats/roster-csv'
import {
  addMember,
  importRoster,
  removeMember,
  setTeamSchedule,
  teamRoster,
} from '../../services/rosters'
import { RosterPage, type RosterForm } from '../../views/roster'
import { statusOf, type ErrorHttpStatus } from '../error-status'
import type { AppEnv } from '../http'
import { confirmation, isFormProblem } from './admin-common'
import { askFirst } from './ask-first'
import { csrfToken, pageUser, readForm } from './context'

const DONE = new Map<string, (counts: number[]) => string>([
  ['added', () => 'Added to the roster.'],
  [
    'removed',
    () =>
      'Removed from the roster. A link already handed to them still works for its round; they get no reminders.',
  ],
  ['imported', ([a, u, r]) => `Imported: added ${a}, updated ${u}, removed ${r}.`],
  ['settings', () => 'Saved the time zone and rotation.'],
])

/** `?n=3,1,0`: the counts an import confirmation shows; anything else shows none. */
const countsOf = (query: string | undefined) =>
  /^\d{1,4},\d{1,4},\d{1,4}$/.test(query ?? '') ? query!.split(',').map(Number) : undefined

/** A team's roster page, and the admins' forms on it. */
export function rosterPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    extra: {
      done?: string | undefined
      error?: AppError
      form?: RosterForm
      values?: Record<string, string>
      fromFile?: string | undefined
    } = {},
    status: 200 | ErrorHttpStatus = 200,
  ) {
    const user = pageUser(c)
    const { team, members } = await teamRoster(deps, asUser(user), c.req.param('teamId')!)
    const csrf = await csrfToken(deps, c)
    return c.html(
      <RosterPage user={user} csrf={csrf} team={team} members={members} {...extra} />,
      status,
    )
  }

  /** Runs a form's change and redirects to the page with its confirmation; fixable failures show
   * the page again with the form as it was sent. */
  async function change(
    c: Context<AppEnv>,
    form: RosterForm,
    action: (values: Record<string, string>) => Promise<string>,
  ) {
    const values = await readForm(deps, c)
    try {
      const done = await action(values)
      return c.redirect(`/teams/${c.req.param('teamId')}/members?done=${done}`, 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return render(c, { error: err, form, values }, statusOf(err.code))
    }
  }

  app.get('/teams/:teamId/members', async (c) => {
    const done = c.req.query('done')
    const counts = countsOf(c.req.query('n'))
    return render(c, {
      done: done === 'imported' && !counts ? undefined : confirmation(DONE, done, counts ?? []),
    })
  })

  app.post('/teams/:teamId/members', (c) =>
    change(c, 'add', async (form) => {
      const { email, name, locale } = form
      await addMember(deps, asUser(pageUser(c)), c.req.param('teamId'), { email, name, locale })
      return 'added'
    }),
  )

  app.post('/teams/:teamId/members/:memberId/remove', async (c) => {
    const { teamId, memberId } = c.req.param()
    const actor = asUser(pageUser(c))
    const form = await readForm(deps, c)
    const asked = await askFirst(deps, c, form, async () => {
      const { team, members } = await teamRoster(deps, actor, teamId)
      const member = members.find((m) => m.id === memberId)
      const who = member?.name ?? member?.email ?? 'this member'
      return {
        title: `Take ${who} off the roster of ${team.name}?`,
        lines: [
          'They get no link for rounds opened from now on, and no reminders.',
          'A link they already have keeps working and still counts in its round.',
          'To have them back, an admin adds them again.',
        ],
        yes: 'Yes, take them off',
        cancelHref: `/teams/${teamId}/members`,
      }
    })
    if (asked) return asked
    try {
      await removeMember(deps, actor, teamId, memberId)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      return render(c, { error: err, form: 'add', values: form }, statusOf(err.code))
    }
    return c.redirect(`/teams/${teamId}/members?done=removed`, 303)
  })

  app.post('/teams/:teamId/members/import', async (c) => {
    const values = await readForm(deps, c)
    const upload = (await c.req.parseBody()).file
    const file = typeof upload === 'object' && upload.size > 0 ? upload : undefined
    try {
      if (file) values.csv = decodeCsv(new Uint8Array(await file.arrayBuffer()))
      const { members, lines } = parseRosterCsv(values.csv ?? '')
      const replace = values.replace === 'on'
      const result = await importRoster(deps, asUser(pageUser(c)), c.req.param('teamId'), members, {
        replace,
      }).catch((err: unknown) => {
        throw onCsvLines(err, lines)
      })
      const n = [result.added, result.updated, result.removed].join(',')
      return c.redirect(`/teams/${c.req.param('teamId')}/members?done=imported&n=${n}`, 303)
    } catch (err) {
      if (!isFormProblem(err)) throw err
      // Every problem is in the text box; each message names its line.
      const fields = err.fields.map((f) => ({ path: 'csv', message: f.message }))
      const error = new AppError(err.code, err.params, fields, err.key)
      return render(c, { error, form: 'import', values, fromFile: file?.name }, statusOf(err.code))
    }
  })

  app.post('/teams/:teamId/settings', (c) =>
    change(c, 'settings', async (form) => {
      const actor = asUser(pageUser(c))
      const options = { timeZone: form.timeZone ?? '', rotation: form.rotation === 'on' }
      try {
        await setTeamSchedule(deps, actor, c.req.param('teamId'), options)
      } catch (err) {
        // The refusal is about the checkbox: say so next to it.
        if (err instanceof AppError && err.code === 'rotation_needs_roster')
          throw new AppError(err.code, err.params, [{ path: 'rotation', message: err.message }])
        throw err
      }
      return 'settings'
    }),
  )

  return app
}
