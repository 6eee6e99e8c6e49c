import { z } from 'zod'
import { MIN_K } from '../../domain/anonymity'
import { AppError } from '../../domain/errors'
import { MAX_INVITATIONS_PER_CALL } from '../../domain/limits'
import { MAX_EXTRA_LINKS } from '../../domain/roster'
import { parseLocalInput, toLocalInput } from '../../domain/time'
import { fieldProblems } from '../http'

/** A whole number typed into a form field, within bounds, with messages a person can act on. */
export const WholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, 'Enter a whole number.')
    .transform(Number)
    .pipe(z.number().min(min, `Enter at least ${min}.`).max(max, `Enter at most ${max}.`))

/** What `<input type="datetime-local">` sends: no zone; our forms name the team's. */
const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/

/** A number field left empty means "the default" (undefined); otherwise as WholeNumber. */
const OptionalWholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(WholeNumber(min, max).optional())

/**
 * The open-round form; checks `now` and the survey ids too, so all problems show at once. Links
 * by hand default (when left empty) to one per roster member the server does not mail; extra
 * links are for admins (the service refuses anyone else); reminders are comma-separated, and an
 * empty field means none. The closing time is wall time in the team's `timeZone` (DST-correct).
 */
export const OpenRoundForm = (now: Date, surveyIds: string[], timeZone = 'UTC') =>
  z.object({
    surveyId: z.string().refine((id) => surveyIds.includes(id), 'Choose one of the surveys.'),
    k: WholeNumber(MIN_K, 1000),
    closesAt: z
      .string()
      .trim()
      .regex(DATETIME_LOCAL, 'Enter a date and time, for example 2026-03-09 17:00.')
      .transform((v) => parseLocalInput(v, timeZone) ?? new Date(NaN))
      .refine((d) => !Number.isNaN(d.getTime()), 'Enter a date and time that exists.')
      .refine((d) => d.getTime() > now.getTime(), 'Choose a time in the future.'),
    invitations: OptionalWholeNumber(0, MAX_INVITATIONS_PER_CALL),
    extraLinks: OptionalWholeNumber(0, MAX_EXTRA_LINKS),
    extraReason: z.string().trim().max(200, 'Keep it to 200 characters.'),
    reminders: z
      .string()
      .max(100, 'Give at most a few reminders, such as 50%, 24h.')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      ),
  })

/**
 * Parses a form with a schema; every field's first problem becomes part of one 400 error that
 * the page shows in its error summary. Missing fields count as empty.
 */
export function parseForm<T extends z.ZodObject>(
  schema: T,
  form: Record<string, string>,
): z.output<T> {
  const input = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, form[k] ?? '']))
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const fields = fieldProblems(result.error.issues, { firstPerPath: true })
  throw new AppError('invalid_input', {}, fields)
}

/** `datetime-local` value (wall time in `timeZone`, to the minute) for an instant. */
export const toDatetimeLocal = (d: Date, timeZone = 'UTC') => toLocalInput(d, timeZone)
