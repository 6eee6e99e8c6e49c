import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { OPERATOR } from '../domain/actor'
import { AppError } from '../domain/errors'
import { listSurveys, parseSurvey, saveSurveyVersion } from '../services/surveys'
import { defineCommand } from './command'
import { day, table } from './output'

const listSurveysCommand = defineCommand({
  name: 'list-surveys',
  summary: 'List survey versions, built-in and custom',
  usage: '',
  options: {},
  schema: z.object({}),
  async run(ctx) {
    const surveys = await listSurveys(await ctx.open())
    const rows = surveys.map((s) => [s.id, String(s.version), s.source, s.title, day(s.createdAt)])
    const columns = [
      { title: 'Id' },
      { title: 'Version', align: 'right' as const },
      { title: 'Source' },
      { title: 'Title' },
      { title: 'Added' },
    ]
    for (const line of table(columns, rows, ctx.out.style)) ctx.out.print(line)
  },
})

const addSurveyCommand = defineCommand({
  name: 'add-survey',
  summary: 'Add a custom survey version from a JSON file',
  usage: 'FILE.json',
  details: [
    '',
    'The file is checked against surveys/survey.schema.json; each problem is printed as',
    '`path: message`. A version a round has used can no longer change: raise "version".',
  ],
  options: {},
  positional: 'file',
  schema: z.object({
    file: z
      .string({ error: 'is required, e.g. add-survey surveys/my-survey.json' })
      .refine(existsSync, 'was not found; give the path to a survey JSON file'),
  }),
  async run(ctx, input) {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(input.file, 'utf8'))
    } catch (err) {
      throw new AppError(
        'invalid_json',
        { file: input.file, reason: message(err) },
        [],
        'json_file_invalid',
      )
    }
    const survey = parseSurvey(json, `file ${input.file}`)
    const outcome = await saveSurveyVersion(await ctx.open(), OPERATOR, survey, 'custom')
    const what = `survey "${survey.id}" version ${survey.version}`
    ctx.out.print(
      outcome === 'created'
        ? `Added ${what}.`
        : outcome === 'updated'
          ? `Updated ${what} (no round had used it yet).`
          : `${what} is already stored unchanged.`,
    )
  },
})

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

export const surveyCommands = [listSurveysCommand, addSurveyCommand]
