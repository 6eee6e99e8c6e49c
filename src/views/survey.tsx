import type { FieldProblem } from '../domain/errors'
import { localize, scaleOf, type SurveyDefinition } from '../domain/survey'
import { WORDS } from '../messages'
import { ErrorSummary, fieldId, Page } from './layout'

export interface SurveyFormProps {
  roundId: string
  survey: SurveyDefinition
  lang: 'en' | 'de'
  k: number
  commentMinimum: number
  /** How many links the round has and how many are on the team (P6b), for everyone to check. */
  links: number
  teamSize: number | null
  values?: Record<string, string>
  error?: { message: string; fields: FieldProblem[] }
  /** The code sent was refused (unknown or used): app.js then forgets it rather than keep it. */
  codeRefused?: boolean
  /** When the round closes (ISO), the team's time zone it is shown in, and the time now. */
  closesAt: string
  timeZone: string
  now: Date
}

/** A time as respondents read it: in their team's time zone, naming it (UTC if it is unknown). */
export function zonedTime(iso: string, zone: string, lang: 'en' | 'de'): string {
  const format = (timeZone: string) =>
    new Date(iso).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', {
      timeZone,
      dateStyle: 'full',
      timeStyle: 'short',
    })
  try {
    return WORDS[lang].zoned(format(zone), zone)
  } catch {
    return WORDS[lang].zoned(format('UTC'), 'UTC')
  }
}

/**
 * The form a respondent answers: one fieldset per question with the scale's labels, optional
 * comments, and a plain statement of what is stored. Works without script and on 320 px screens.
 */
export function SurveyPage(props: SurveyFormProps) {
  const { survey, lang, values = {}, error } = props
  const w = WORDS[lang]
  const problem = (path: string) => error?.fields.find((f) => f.path === path)?.message
  const other = lang === 'de' ? 'en' : 'de'
  const title = localize(survey.title, lang)
  const labels = new Map<string, string>([
    ...survey.items.map((i) => [`answers.${i.id}`, localize(i.text, lang)] as const),
    ...survey.questions.map((q) => [`comments.${q.id}`, localize(q.text, lang)] as const),
  ])
  // Each problem in the summary reads as one sentence: the message, then the question it is about.
  const summaryLine = (f: FieldProblem) => {
    const label = labels.get(f.path)
    return { path: f.path, message: label ? w.fieldProblem(f.message, label) : f.message }
  }
  return (
    <Page title={title} lang={lang} narrow>
      <p>
        <a href={`/s/${props.roundId}?lang=${other}`} lang={other} hreflang={other}>
          {w.language}
        </a>
      </p>
      <h1>{title}</h1>
      {/* The same for every visitor: the secret never reaches the server on GET (P6b). */}
      <p class="notice" data-testid="link-once">
        {w.linkOnce}
      </p>
      {survey.description && <p class="lead">{localize(survey.description, lang)}</p>}
      <p>{w.surveyIntro}</p>
      <p data-testid="closes">
        {w.closesOn(zonedTime(props.closesAt, props.timeZone, lang))}{' '}
        {w.closesIn(new Date(props.closesAt).getTime() - props.now.getTime())}{' '}
        {w.resultsAfter(props.k)}
      </p>
      <p class="ballot-box" data-testid="ballot-box">
        {w.ballotBox(props.links, props.teamSize)}
      </p>
      {error && (
        <ErrorSummary lang={lang} message={error.message} fields={error.fields.map(summaryLine)} />
      )}
      <details class="panel">
        <summary>{w.privacyTitle}</summary>
        <ul>
          {w.privacy(props.k, props.commentMinimum).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      </details>
      <form method="post" action={`/s/${props.roundId}?lang=${lang}`} novalidate>
        {/* app.js fills the code from the link's fragment, or from this tab's storage after a
            reload or the language switch, and hides the field; without script people type it. */}
        <div
          data-respondent-code={props.roundId}
          data-code-refused={props.codeRefused ? 'true' : undefined}
        >
          <label for={fieldId('secret')}>{w.codeLabel}</label>
          <p class="hint" id="code-hint">
            {w.codeHint}
          </p>
          {problem('secret') && <p class="field-error">{problem('secret')}</p>}
          <input
            id={fieldId('secret')}
            name="secret"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={values.secret ?? ''}
            aria-describedby="code-hint"
          />
        </div>
        {survey.items.map((item, index) => {
          const name = `answers.${item.id}`
          const scale = scaleOf(survey, item)
          const err = problem(name)
          return (
            <fieldset
              class={err ? 'question invalid' : 'question'}
              aria-describedby={err ? `${fieldId(name)}-error` : undefined}
            >
              <legend>
                <span class="visually-hidden">{`${index + 1}. `}</span>
                {localize(item.text, lang)}
              </legend>
              {err && (
                <p class="field-error" id={`${fieldId(name)}-error`}>
                  {err}
                </p>
              )}
              <div class="scale">
                {scale.points.map((p, i) => (
                  <label>
                    <input
                      type="radio"
                      name={name}
                      value={String(p.value)}
                      id={i === 0 ? fieldId(name) : undefined}
                      checked={values[name] === String(p.value)}
                    />
                    {localize(p.label, lang)}
                  </label>
                ))}
              </div>
            </fieldset>
          )
        })}
        {survey.questions.map((q) => {
          const name = `comments.${q.id}`
          const err = problem(name)
          return (
            <div>
              <label for={fieldId(name)}>
                {localize(q.text, lang)} <span class="muted">({w.commentOptional})</span>
              </label>
              <p class="hint" id={`${fieldId(name)}-hint`}>
                {w.charactersLeft(q.maxLength)}
              </p>
              {err && <p class="field-error">{err}</p>}
              <textarea
                id={fieldId(name)}
                name={name}
                maxlength={q.maxLength}
                aria-describedby={`${fieldId(name)}-hint`}
                aria-invalid={err ? 'true' : undefined}
              >
                {values[name] ?? ''}
              </textarea>
            </div>
          )
        })}
        <div class="actions">
          <button type="submit">{w.submit}</button>
        </div>
      </form>
    </Page>
  )
}

/**
 * A short page with a heading and a few sentences, for respondents. With `forgetCode` (a round
 * id), app.js drops the code this tab kept for that round: it has been used or can no longer be.
 */
export function MessagePage(props: {
  title: string
  lines: string[]
  lang: 'en' | 'de'
  tone?: 'ok' | 'warn'
  forgetCode?: string
}) {
  return (
    <Page title={props.title} lang={props.lang} narrow>
      <h1>{props.title}</h1>
      <div class={`notice ${props.tone ?? ''}`} role="status" data-forget-code={props.forgetCode}>
        {props.lines.map((line) => (
          <p>{line}</p>
        ))}
      </div>
    </Page>
  )
}
