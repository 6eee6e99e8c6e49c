import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { User } from '../domain/users'

export interface PageProps {
  title: string
  lang?: string
  user?: User | null
  csrf?: string
  narrow?: boolean
  children?: Child
}

/** Every page's frame: landmarks, a skip link, the navigation for signed-in people. */
export function Page({ title, lang = 'en', user, csrf, narrow, children }: PageProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${title} · Quorum`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/assets/app.css" />
          <script src="/assets/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {lang === 'de' ? 'Zum Inhalt springen' : 'Skip to content'}
          </a>
          <header class="site">
            <div class="inner">
              <a class="brand" href={user ? '/teams' : '/'}>
                Quorum
              </a>
              {user && (
                <nav aria-label="Main">
                  <ul>
                    <li>
                      <a href="/teams">Teams</a>
                    </li>
                    <li>
                      {/* For everyone signed in: admins and group leads; others learn why it is empty. */}
                      <a href="/campaigns">Campaigns</a>
                    </li>
                    {user.role === 'admin' && (
                      <>
                        <li>
                          <a href="/admin/teams">Manage teams</a>
                        </li>
                        <li>
                          <a href="/groups">Groups</a>
                        </li>
                        <li>
                          <a href="/admin/users">Accounts</a>
                        </li>
                        <li>
                          <a href="/admin/surveys">Surveys</a>
                        </li>
                      </>
                    )}
                  </ul>
                </nav>
              )}
              {user && (
                <form method="post" action="/signout">
                  <input type="hidden" name="_csrf" value={csrf ?? ''} />
                  <button class="link" type="submit">
                    Sign out ({user.name})
                  </button>
                </form>
              )}
            </div>
          </header>
          <main id="main" class={narrow ? 'narrow' : undefined}>
            {children}
          </main>
          <footer class="site">
            {lang === 'de'
              ? 'Quorum – anonyme Team-Umfragen. Ergebnisse erst ab k Antworten.'
              : 'Quorum — anonymous team surveys. Results only once k people answered.'}
          </footer>
        </body>
      </html>
    </>
  )
}

/** A list of problems at the top of a form, each linking to its field (WCAG 3.3.1). */
export function ErrorSummary({
  message,
  fields = [],
  lang = 'en',
}: {
  message: string
  fields?: { path: string; message: string; label?: string }[]
  lang?: string
}) {
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{lang === 'de' ? 'Bitte prüfen' : 'There is a problem'}</h2>
      <p>{message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li>
              <a href={`#${fieldId(f.path)}`}>
                {f.label ? `${f.label}: ` : ''}
                {f.message}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The element id of a form field named by an error path such as `answers.item-1`. */
export const fieldId = (path: string) => 'f-' + path.replace(/[^a-zA-Z0-9_-]/g, '-')

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field(props: {
  name: string
  label: string
  type?: string
  value?: string | number | undefined
  hint?: string
  error?: string | undefined
  required?: boolean
  autocomplete?: string
  min?: number
  max?: number
}) {
  return (
    <Labelled {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? undefined : String(props.value)}
        required={props.required}
        autocomplete={props.autocomplete}
        min={props.min}
        max={props.max}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </Labelled>
  )
}

/** A labelled select with its hint and error tied to it, as `Field` does for inputs. */
export function SelectField(props: {
  name: string
  label: string
  hint?: string | undefined
  error?: string | undefined
  selected?: string | undefined
  options: readonly { value: string; text: string }[]
}) {
  return (
    <Labelled {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.selected}>
            {o.text}
          </option>
        ))}
      </select>
    </Labelled>
  )
}

/** The ids of a control's hint and error, which describe it to screen readers. */
function describedBy(props: {
  name: string
  hint?: string | undefined
  error?: string | undefined
}) {
  const id = fieldId(props.name)
  const ids = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean)
  return ids.length > 0 ? ids.join(' ') : undefined
}

/** A form control (the child) with its label, hint and error. */
function Labelled(props: {
  name: string
  label: string
  hint?: string | undefined
  error?: string | undefined
  children?: unknown
}) {
  const id = fieldId(props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  )
}
