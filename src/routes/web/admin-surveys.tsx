import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { AppError, invalid, notFound } from '../../domain/errors'
import {
  findSurveyVersionFor,
  listSurveys,
  parseSurvey,
  saveSurveyVersion,
} from '../../services/surveys'
import type { AdminFrame } from '../../views/admin'
import { AdminSurveysPage } from '../../views/admin-surveys'
import { SurveyPreviewPage } from '../../views/survey-preview'
import type { AppEnv } from '../http'
import { adminFrame, adminUser, isFormProblem } from './admin-common'
import { readForm } from './context'
import { statusOf, type ErrorHttpStatus } from '../error-status'

const MAX_UPLOAD = 256 * 1024

const SURVEY_DONE = new Map<string, (s: { id: string; version: number }) => string>([
  [
    'created',
    (s) =>
      `Added survey “${s.id}” version ${s.version}. It can now be chosen when opening a round.`,
  ],
  ['updated', (s) => `Replaced survey “${s.id}” version ${s.version}; no round had used it yet.`],
  [
    'unchanged',
    (s) =>
      `Survey “${s.id}” version ${s.version} was already stored exactly like this; nothing changed.`,
  ],
])

/** The text of an upload or paste as JSON; a syntax error says where it is. */
function parseJsonText(text: string): unknown {
  if (!text.trim())
    throw invalid('survey_json_missing', {}, [
      { path: 'json', message: 'Choose a file above or paste the JSON here.' },
    ])
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'unreadable'
    throw new AppError(
      'invalid_json',
      { reason },
      [{ path: 'json', message: 'Fix the JSON syntax and save again.' }],
      'json_text_invalid',
    )
  }
}

/** Schema problems all point at the text box, each labelled with its path in the survey. */
function forTextBox(err: AppError) {
  if (err.code !== 'invalid_survey') return err
  const fields = err.fields.map((f) => ({ path: 'json', label: f.path, message: f.message }))
  const count = fields.length === 1 ? 'this problem' : `these ${fields.length} problems`
  return { message: `${err.message} Fix ${count}:`, fields }
}

/** Every survey version, adding a custom one, and a readable preview of each. */
export function adminSurveyPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  async function render(
    c: Context<AppEnv>,
    extra: Pick<AdminFrame, 'done' | 'error'> & { json?: string; fromFile?: string } = {},
    status: 200 | ErrorHttpStatus = 200,
  ) {
    const frame = await adminFrame(deps, c)
    const surveys = await listSurveys(deps)
    const schemaUrl = `${c.var.baseUrl}/api/survey-schema.json`
    return c.html(
      <AdminSurveysPage {...frame} {...extra} surveys={surveys} schemaUrl={schemaUrl} />,
      status,
    )
  }

  app.get('/admin/surveys', async (c) => {
    const id = c.req.query('survey')
    const version = Number(c.req.query('version'))
    const saved =
      id && Number.isInteger(version) && version > 0
        ? await findSurveyVersionFor(deps, asUser(adminUser(c)), id, version)
        : undefined
    const message = saved && SURVEY_DONE.get(c.req.query('done') ?? '')
    return render(c, {
      done: message ? message({ id: saved.id, version: saved.version }) : undefined,
    })
  })

  app.post(
    '/admin/surveys',
    bodyLimit({
      maxSize: MAX_UPLOAD,
      onError: () => {
        throw new AppError('too_large', { kb: MAX_UPLOAD / 1024 }, [], 'survey_file_too_large')
      },
    }),
    async (c) => {
      const form = await readForm(deps, c)
      const upload = (await c.req.parseBody()).file
      const file = typeof upload === 'object' && upload.size > 0 ? upload : undefined
      let text = form.json ?? ''
      try {
        if (file) text = await file.text()
        const survey = parseSurvey(parseJsonText(text), file ? `file ${file.name}` : 'pasted JSON')
        const outcome = await saveSurveyVersion(deps, asUser(adminUser(c)), survey, 'custom')
        return c.redirect(
          `/admin/surveys?done=${outcome}&survey=${survey.id}&version=${survey.version}`,
          303,
        )
      } catch (err) {
        if (!isFormProblem(err)) throw err
        return render(
          c,
          { error: forTextBox(err), json: text, fromFile: file?.name },
          statusOf(err.code),
        )
      }
    },
  )

  app.get('/admin/surveys/:surveyId', async (c) => {
    const asked = c.req.query('version')
    if (asked !== undefined && !/^[1-9][0-9]{0,8}$/.test(asked)) throw notFound('That version')
    const found = await findSurveyVersionFor(
      deps,
      asUser(adminUser(c)),
      c.req.param('surveyId'),
      asked === undefined ? undefined : Number(asked),
    )
    if (!found) throw notFound('That survey')
    const frame = await adminFrame(deps, c)
    return c.html(
      <SurveyPreviewPage
        {...frame}
        survey={found.survey}
        source={found.source}
        used={found.used}
      />,
    )
  })

  return app
}
