import { Done, type AdminFrame } from './admin'
import { ErrorSummary, fieldId, Page } from './layout'
import { CsrfField, UtcTime } from './round-parts'

export interface SurveyVersionRow {
  id: string
  version: number
  source: 'builtin' | 'custom'
  title: string
  createdAt: string
}

/** A small, valid survey shown to authors as a starting point (a test saves it as is). */
export const EXAMPLE_SURVEY = {
  id: 'retro-pulse',
  version: 1,
  locales: ['en', 'de'],
  title: { en: 'Retro pulse', de: 'Retro-Puls' },
  scales: [
    {
      id: 'agreement',
      points: [
        { value: 1, label: { en: 'Disagree', de: 'Stimme nicht zu' } },
        { value: 2, label: { en: 'Neither', de: 'Teils, teils' } },
        { value: 3, label: { en: 'Agree', de: 'Stimme zu' } },
      ],
      favourableFrom: 3,
    },
  ],
  dimensions: [{ id: 'learning', title: { en: 'Learning', de: 'Lernen' } }],
  items: [
    {
      id: 'learn-1',
      dimension: 'learning',
      text: {
        en: 'We change how we work after a retro.',
        de: 'Nach einer Retro ändern wir, wie wir arbeiten.',
      },
    },
    {
      id: 'learn-2',
      dimension: 'learning',
      reverse: true,
      text: {
        en: 'The same problems come up every time.',
        de: 'Jedes Mal kommen dieselben Probleme auf.',
      },
    },
  ],
  questions: [
    { id: 'next', text: { en: 'What should we try next?', de: 'Was probieren wir als Nächstes?' } },
  ],
}

/** Every survey version, and the form that adds a custom one (file upload or pasted JSON). */
export function AdminSurveysPage(
  props: AdminFrame & {
    surveys: SurveyVersionRow[]
    schemaUrl: string
    json?: string
    fromFile?: string
  },
) {
  return (
    <Page title="Surveys" user={props.user} csrf={props.csrf}>
      <h1>Surveys</h1>
      <Done message={props.done} />
      {props.error && <ErrorSummary message={props.error.message} fields={props.error.fields} />}
      <p>
        Open a title for a readable preview in each language. A version that a round has used can no
        longer change. <a href="#add-survey">Add a survey</a>
      </p>
      <div class="table-wrap" role="region" aria-labelledby="surveys-caption" tabindex={0}>
        <table>
          <caption id="surveys-caption">All survey versions ({props.surveys.length})</caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Id</th>
              <th scope="col" class="num">
                Version
              </th>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
            </tr>
          </thead>
          <tbody>
            {props.surveys.map((s) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/surveys/${s.id}?version=${s.version}`}>
                    {s.title}
                    <span class="visually-hidden">{`, version ${s.version}: preview`}</span>
                  </a>
                </th>
                <td>
                  <code>{s.id}</code>
                </td>
                <td class="num">{s.version}</td>
                <td>{s.source === 'builtin' ? 'Built-in' : 'Custom'}</td>
                <td>
                  <UtcTime iso={s.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <AddSurveyForm {...props} />
    </Page>
  )
}

function AddSurveyForm(
  props: AdminFrame & { schemaUrl: string; json?: string; fromFile?: string },
) {
  const problems = props.error?.fields.filter((f) => f.path === 'json') ?? []
  const jsonError =
    problems.length === 1 && !problems[0]?.label
      ? problems[0]?.message
      : problems.length > 0
        ? `Fix the ${problems.length === 1 ? 'problem' : `${problems.length} problems`} listed above and save again.`
        : undefined
  const jsonId = fieldId('json')
  const described = [`${jsonId}-hint`, jsonError && `${jsonId}-error`].filter(Boolean).join(' ')
  return (
    <section aria-labelledby="add-survey">
      <h2 id="add-survey">Add a survey</h2>
      <p>
        A survey is one JSON file, checked against the same rules as the built-in ones. Editors such
        as VS Code complete and check it with the{' '}
        <a href="/api/survey-schema.json">JSON Schema for surveys</a>. To change a custom survey,
        add it again with the same id and a higher version.
      </p>
      <details class="panel">
        <summary>How a survey file is written</summary>
        <ul>
          <li>
            <code>id</code> (lowercase letters, digits, dashes) and <code>version</code> (1, 2, …).
          </li>
          <li>
            <code>locales</code>: the languages, e.g. <code>["en", "de"]</code>. Every text is an
            object with one entry per language: <code>{'{ "en": "…", "de": "…" }'}</code>.
          </li>
          <li>
            <code>title</code>, and optionally <code>description</code>.
          </li>
          <li>
            <code>scales</code>: the answer options. Each has an <code>id</code>,{' '}
            <code>points</code> (a <code>value</code> and a <code>label</code>, values increasing)
            and <code>favourableFrom</code>: answers at or above it count as favourable.
          </li>
          <li>
            <code>dimensions</code>: what the items measure together, each with an <code>id</code>{' '}
            and a <code>title</code>.
          </li>
          <li>
            <code>items</code> (1 to 40 statements): <code>id</code>, <code>text</code>, the{' '}
            <code>dimension</code> it counts towards, and <code>"reverse": true</code> for a
            negatively worded statement (its answers are flipped before scoring). An item uses the
            first scale unless it names another in <code>scale</code>.
          </li>
          <li>
            <code>questions</code> (optional, up to 5): free-text questions with <code>id</code> and{' '}
            <code>text</code>.
          </li>
        </ul>
        <h3>Example</h3>
        <pre class="code">
          {JSON.stringify({ $schema: props.schemaUrl, ...EXAMPLE_SURVEY }, null, 2)}
        </pre>
      </details>
      <form method="post" action="/admin/surveys" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrf} />
        <label for={fieldId('file')}>Survey file</label>
        <p class="hint" id={`${fieldId('file')}-hint`}>
          A .json file of at most 256 KB.
        </p>
        <input
          id={fieldId('file')}
          name="file"
          type="file"
          accept=".json,application/json"
          aria-describedby={`${fieldId('file')}-hint`}
        />
        <label for={jsonId}>Or paste the survey’s JSON</label>
        <p class="hint" id={`${jsonId}-hint`}>
          {props.fromFile
            ? `This is the text of ${props.fromFile}. Fix it here and save, or upload a corrected file.`
            : 'Used only when no file is chosen.'}
        </p>
        {jsonError && (
          <p class="field-error" id={`${jsonId}-error`}>
            {jsonError}
          </p>
        )}
        <textarea
          id={jsonId}
          name="json"
          class="code"
          rows={14}
          spellcheck={false}
          aria-invalid={jsonError ? 'true' : undefined}
          aria-describedby={described}
        >
          {props.json ?? ''}
        </textarea>
        <div class="actions">
          <button type="submit">Check and save survey</button>
        </div>
      </form>
    </section>
  )
}
