import { de, words as deWords } from './de'
import {
  en,
  words as enWords,
  type Catalogue,
  type MessageKey,
  type Params,
  type Words,
} from './en'

export type Locale = 'en' | 'de'
export type { MessageKey, Params, Words } from './en'

/** The message catalogue of each locale we speak. */
export const MESSAGES: Record<Locale, Catalogue> = { en, de }

/** An error's message in a locale (an AppError, or anything with its key and params). */
export const messageOf = (error: { key: MessageKey; params: Params }, locale: Locale): string =>
  MESSAGES[locale][error.key](error.params)

/** A field problem's message in a locale; a message given as text stays as it is. */
export const fieldMessageOf = (
  field: { message: string; key?: MessageKey; params?: Params },
  locale: Locale,
): string => (field.key ? MESSAGES[locale][field.key](field.params ?? {}) : field.message)

/** The words of the respondents' pages in each locale; facilitator pages are in English. */
export const WORDS: Record<Locale, Words> = { en: enWords, de: deWords }
