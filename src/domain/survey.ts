import { z } from 'zod'

/** Languages that every built-in survey and the pages speak. */
export const LOCALES = ['en', 'de'] as const
export const Locale = z.enum(LOCALES)
export type Locale = z.infer<typeof Locale>

const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1–63 lowercase letters, digits or dashes')

/** A text in one or more languages; English is always present as the fallback. */
export const LocalizedText = z
  .object({ en: z.string().trim().min(1).max(500) })
  .catchall(z.string().trim().min(1).max(500))
  .describe('A text per language code, e.g. { "en": "…", "de": "…" }')
export type LocalizedText = z.infer<typeof LocalizedText>

export const ScalePoint = z.object({
  value: z.number().int().min(0).max(100),
  label: LocalizedText,
})

/** A response scale: ordered points, and the value from which an answer counts as favourable. */
export const Scale = z.object({
  id: Slug,
  points: z.array(ScalePoint).min(2).max(11),
  favourableFrom: z.number().int().describe('Answers at or above this value are favourable'),
})
export type Scale = z.infer<typeof Scale>

export const SurveyItem = z.object({
  id: Slug,
  text: LocalizedText,
  dimension: Slug.optional().describe('Dimension this item is scored in; omit to report it alone'),
  reverse: z
    .boolean()
    .default(false)
    .describe('Negatively worded: flipped on its scale before dimension scores and favourable %'),
  scale: Slug.optional().describe('Id of the scale; defaults to the first scale'),
})
export type SurveyItem = z.infer<typeof SurveyItem>

export const Dimension = z.object({
  id: Slug,
  title: LocalizedText,
  description: LocalizedText.optional(),
})
export type Dimension = z.infer<typeof Dimension>

export const FreeTextQuestion = z.object({
  id: Slug,
  text: LocalizedText,
  maxLength: z.number().int().min(10).max(2000).default(1000),
})
export type FreeTextQuestion = z.infer<typeof FreeTextQuestion>

function checkUnique(
  ctx: z.RefinementCtx,
  list: readonly { id: string }[],
  key: string,
  what: string,
): void {
  const seen = new Set<string>()
  list.forEach((entry, i) => {
    if (seen.has(entry.id))
      ctx.addIssue({
        code: 'custom',
        path: [key, i, 'id'],
        message: `duplicate ${what} id "${entry.id}"`,
      })
    seen.add(entry.id)
  })
}

function checkLocales(
  ctx: z.RefinementCtx,
  locales: readonly string[],
  text: LocalizedText | undefined,
  path: (string | number)[],
): void {
  if (!text) return
  for (const locale of locales)
    if (!text[locale])
      ctx.addIssue({ code: 'custom', path: [...path, locale], message: `missing "${locale}" text` })
}

/**
 * One survey definition, built-in (surveys/*.json) or custom (stored in the database).
 * Every item is required, so each respondent's dimension scores cover the same items and no
 * released count can differ from the round's respondent count.
 */
export const SurveyDefinition = z
  .object({
    $schema: z.string().optional(),
    id: Slug,
    version: z.number().int().min(1),
    locales: z.array(Locale).min(1).describe('Languages every text must be given in'),
    title: LocalizedText,
    description: LocalizedText.optional(),
    scales: z.array(Scale).min(1),
    dimensions: z.array(Dimension).default([]),
    items: z.array(SurveyItem).min(1).max(40),
    questions: z.array(FreeTextQuestion).max(5).default([]),
  })
  .superRefine((s, ctx) => {
    checkUnique(ctx, s.scales, 'scales', 'scale')
    checkUnique(ctx, s.dimensions, 'dimensions', 'dimension')
    checkUnique(ctx, s.items, 'items', 'item')
    checkUnique(ctx, s.questions, 'questions', 'question')
    checkLocales(ctx, s.locales, s.title, ['title'])
    checkLocales(ctx, s.locales, s.description, ['description'])
    s.scales.forEach((scale, i) => {
      scale.points.forEach((p, j) => {
        checkLocales(ctx, s.locales, p.label, ['scales', i, 'points', j, 'label'])
        const prev = scale.points[j - 1]
        if (prev && p.value <= prev.value)
          ctx.addIssue({
            code: 'custom',
            path: ['scales', i, 'points', j, 'value'],
            message: 'scale values must increase',
          })
      })
      const values = scale.points.map((p) => p.value)
      if (scale.favourableFrom < Math.min(...values) || scale.favourableFrom > Math.max(...values))
        ctx.addIssue({
          code: 'custom',
          path: ['scales', i, 'favourableFrom'],
          message: 'must lie on the scale',
        })
    })
    s.dimensions.forEach((d, i) => {
      checkLocales(ctx, s.locales, d.title, ['dimensions', i, 'title'])
      checkLocales(ctx, s.locales, d.description, ['dimensions', i, 'description'])
      if (!s.items.some((item) => item.dimension === d.id))
        ctx.addIssue({
          code: 'custom',
          path: ['dimensions', i, 'id'],
          message: 'no item uses this dimension',
        })
    })
    const dimensionScale = new Map<string, string>()
    s.items.forEach((item, i) => {
      checkLocales(ctx, s.locales, item.text, ['items', i, 'text'])
      const scaleId = item.scale ?? s.scales[0]?.id
      if (item.scale && !s.scales.some((sc) => sc.id === item.scale))
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'scale'],
          message: `unknown scale "${item.scale}"`,
        })
      if (item.dimension === undefined) return
      if (!s.dimensions.some((d) => d.id === item.dimension))
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'dimension'],
          message: `unknown dimension "${item.dimension}"`,
        })
      const seen = dimensionScale.get(item.dimension)
      if (seen !== undefined && seen !== scaleId)
        ctx.addIssue({
          code: 'custom',
          path: ['items', i, 'scale'],
          message: `all items of dimension "${item.dimension}" must share one scale`,
        })
      if (scaleId) dimensionScale.set(item.dimension, scaleId)
    })
    s.questions.forEach((q, i) => checkLocales(ctx, s.locales, q.text, ['questions', i, 'text']))
  })
export type SurveyDefinition = z.infer<typeof SurveyDefinition>
/** The JSON a survey author writes (defaults not yet applied). */
export type SurveyDefinitionInput = z.input<typeof SurveyDefinition>

/** The scale an item is answered on. */
export function scaleOf(survey: SurveyDefinition, item: SurveyItem): Scale {
  const scale = survey.scales.find((s) => s.id === item.scale) ?? survey.scales[0]
  if (!scale) throw new Error(`survey ${survey.id} has no scale`)
  return scale
}

/** Text in the wanted language, falling back to English. */
export function localize(text: LocalizedText, locale: string): string {
  return text[locale] ?? text.en
}

/** A readable list of schema problems: "items.3.text.de: missing "de" text". */
export function describeIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }))
}

/** JSON Schema for survey authors' editors, made from the same Zod schema. */
export function surveyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(SurveyDefinition, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >
}

export class SurveyFileError extends Error {
  override name = 'SurveyFileError'
}

/**
 * Validates built-in survey files; the error names the file, each path inside it and the problem,
 * so a broken file stops start-up with a message that says what to fix.
 */
export function loadSurveyFiles(files: { file: string; text: string }[]): SurveyDefinition[] {
  const surveys: SurveyDefinition[] = []
  const problems: string[] = []
  for (const { file, text } of files) {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`)
      continue
    }
    const result = SurveyDefinition.safeParse(json)
    if (!result.success) {
      for (const issue of describeIssues(result.error))
        problems.push(`${file}: ${issue.path}: ${issue.message}`)
      continue
    }
    const clash = surveys.find((s) => s.id === result.data.id && s.version === result.data.version)
    if (clash)
      problems.push(`${file}: survey "${clash.id}" version ${clash.version} is defined twice`)
    else surveys.push(result.data)
  }
  if (problems.length > 0)
    throw new SurveyFileError(`Invalid survey file(s):\n  ${problems.join('\n  ')}`)
  return surveys
}
