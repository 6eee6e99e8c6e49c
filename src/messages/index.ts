import type { AppError, FieldProblem } from '../domain/errors'
import { de, words as deWords } from './de'
import { en, words as enWords, type Catalogue, type Words } from './en'

export type Locale = 'en' | 'de'
export type { MessageKey, Params, Words } from './en'

/** The message catalogue of each locale we speak. */
export const MESSAGES: Record<Locale, Catalogue> = { en, de }

/** An error's message in a locale. */
export const messageOf = (error: Pick<AppError, 'key' | 'params'>, locale: Locale): string =>
  MESSAGES[locale][error.key](error.params)

/** A field problem's message in a locale; a message given as text stays as it is. */
export const fieldMessageOf = (field: FieldProblem, locale: Locale): string =>
  field.key ? MESSAGES[locale][field.key](field.params ?? {}) : field.message

/** The words of the respondents' pages in each locale; facilitator pages are in English. */
export const WORDS: Record<Locale, Words> = { en: enWords, de: deWords }
