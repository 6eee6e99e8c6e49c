import { Hono, type Context } from 'hono'
import type { Deps } from '../../deps'
import { AppError, field } from '../../domain/errors'
import { fieldMessageOf, messageOf, WORDS } from '../../messages'
import { MessagePage, SurveyPage, zonedTime } from '../../views/survey'
import { pickLocale, type AppEnv } from '../http'
import { SUBMIT_LIMIT } from '../../domain/limits'
import type { RateLimiter } from '../../middleware/limiter'
import { failureLimit } from '../../middleware/rate-limit'
import { submitResponse } from '../../services/responses'
import { loadRound, respondentTimeZone, roundStatus } from '../../services/rounds'
import { getSurvey } from '../../services/surveys'
import { statusOf } from '../error-status'

/** The respondent's language: `?lang=` (the page's switch), then Accept-Language, then English. */
const respondentLang = (c: Context) => pickLocale(c, 'lang')

/** Whether an error says the code itself is wrong or spent, so the browser should not keep it. */
const refusesCode = (error: AppError) =>
  error.code === 'unknown_link' ||
  error.code === 'link_used' ||
  error.fields.some((f) => f.path === 'secret')

/** The survey form's fields as the submission's parts; values as typed, to show them again. */
async function formInput(c: Context) {
  const body = await c.req.parseBody()
  const values: Record<string, string> = {}
  for (const [key, value] of Object.entries(body))
    if (typeof value === 'string') values[key] = value
  // Without a prototype, a field named `answers.__proto__` is a key like any other, and is
  // refused as an unknown question rather than lost.
  const answers: Record<string, unknown> = Object.create(null)
  const comments: Record<string, unknown> = Object.create(null)
  for (const [key, value] of Object.entries(values)) {
    if (key.startsWith('answers.'))
      answers[key.slice(8)] = /^\d+$/.test(value) ? Number(value) : value
    if (key.startsWith('comments.') && value.trim()) comments[key.slice(9)] = value
  }
  // A code copied from the links CSV may carry the `'` that keeps a spreadsheet from reading a
  // code starting with `-` as a formula (src/formats/csv.ts); codes never contain one.
  const secret = (values.secret ?? '').trim().replace(/^'/, '')
  return { values, answers, comments, secret }
}

/** Pages for people answering: the survey, errors in words, the confirmation. */
export function respondPages(deps: Deps, limiter: RateLimiter) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    roundId: string,
    extra: { values?: Record<string, string>; error?: AppError } = {},
  ) {
    const lang = respondentLang(c)
    const w = WORDS[lang]
    const round = await loadRound(deps, roundId)
    // Closed once its closing time has passed, whether or not the timer has closed it yet.
    const status = roundStatus(round, deps.now())
    if (status === 'closed')
      return c.html(
        <MessagePage
          lang={lang}
          title={w.closedTitle}
          lines={[w.closed]}
          tone="warn"
          forgetCode={round.id}
        />,
        410,
      )
    const timeZone = await respondentTimeZone(deps, round)
    if (status === 'scheduled') {
      const when = zonedTime(round.opens_at, timeZone, lang)
      return c.html(
        <MessagePage lang={lang} title={w.notOpenTitle} lines={[w.notOpen(when)]} tone="warn" />,
        409,
      )
    }
    const survey = await getSurvey(deps, round.survey_id, round.survey_version)
    const error = extra.error && {
      message: messageOf(extra.error, lang),
      fields: extra.error.fields.map((f) => ({ path: f.path, message: fieldMessageOf(f, lang) })),
    }
    return c.html(
      <SurveyPage
        roundId={round.id}
        survey={survey}
        lang={lang}
        k={round.k}
        commentMinimum={round.comment_min}
        links={round.invited}
        teamSize={round.team_size}
        values={extra.values}
        error={error}
        codeRefused={extra.error !== undefined && refusesCode(extra.error)}
        closesAt={round.closes_at}
        timeZone={timeZone}
        now={deps.now()}
      />,
      extra.error ? statusOf(extra.error.code) : 200,
    )
  }

  app.get('/s/:roundId', (c) => render(c, c.req.param('roundId')))

  // Refused while too many submissions from this address failed; the form keeps what was typed.
  const submitLimit = failureLimit({
    limiter,
    ...SUBMIT_LIMIT,
    onLimited: async (c, error) => {
      const { values, secret } = await formInput(c)
      return render(c, c.req.param('roundId') ?? '', { values: { ...values, secret }, error })
    },
  })

  app.post('/s/:roundId', submitLimit, async (c) => {
    const roundId = c.req.param('roundId')
    const { values, answers, comments, secret } = await formInput(c)
    try {
      if (!secret)
        throw new AppError(
          'invalid_answers',
          {},
          [field('secret', 'code_field_missing')],
          'code_missing',
        )
      await submitResponse(deps, roundId, { secret, answers, comments })
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'not_found') throw err
      return render(c, roundId, { values: { ...values, secret }, error: err })
    }
    return c.redirect(`/s/${roundId}/thanks?lang=${respondentLang(c)}`, 303)
  })

  app.get('/s/:roundId/thanks', async (c) => {
    const lang = respondentLang(c)
    const w = WORDS[lang]
    const round = await loadRound(deps, c.req.param('roundId'))
    const when = zonedTime(round.closes_at, await respondentTimeZone(deps, round), lang)
    return c.html(
      <MessagePage
        lang={lang}
        title={w.thanksTitle}
        lines={[w.thanks, w.thanksAfter(round.k, when), w.thanksWhere]}
        tone="ok"
        forgetCode={round.id}
      />,
    )
  })

  return app
}
