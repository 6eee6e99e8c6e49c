import { z } from 'zod'
import { AppError, field, invalid, type FieldProblem } from './errors'
import { normaliseEmail } from './users'

/**
 * Rosters and the bounded ballot box (DESIGN.md P6b): a round never has more links than its
 * team's roster plus the extra links an admin allowed for it, and everyone can see both numbers.
 * The rule is stated here, once; the services apply it to every way links are made.
 */

/** The largest roster a team may have. */
export const MAX_ROSTER = 5000

/** The most extra links an admin may allow for a round in one go. */
export const MAX_EXTRA_LINKS = 100

export const MEMBER_LOCALES = ['en', 'de'] as const
export type MemberLocale = (typeof MEMBER_LOCALES)[number]

/** A member as an admin enters them, before checking. */
export interface MemberInput {
  email?: string | null | undefined
  name?: string | null | undefined
  locale?: string | null | undefined
}

export interface CheckedMember {
  email: string | null
  name: string | null
  locale: MemberLocale
}

const Email = z.email()

/**
 * What a name must not hold: control characters (line breaks would split a CSV row, a table
 * line or a mail header), line and paragraph separators, halves of a character (which no
 * database or file keeps as they were), and direction overrides and isolates (U+202A–202E,
 * U+2066–2069), which can make a name read as another on a page.
 */
const NOT_PLAIN = /[\p{Cc}\p{Cs}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u

/** Whether a name is plain text, fit for pages, CSV lines, mail headers and chat messages. */
export const isPlainName = (text: string): boolean => !NOT_PLAIN.test(text)

/**
 * A member's details, trimmed: an address (lower-cased) or a name or both, and a language we
 * speak (English by default). Problems are reported under `prefix` (e.g. `members.3`).
 */
export function checkMember(input: MemberInput, prefix = ''): CheckedMember {
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name)
  const problems: FieldProblem[] = []
  const email = input.email?.trim() ? normaliseEmail(input.email) : null
  const name = input.name?.trim() || null
  const locale = input.locale?.trim().toLowerCase() || 'en'
  if (email !== null && (email.length > 254 || !Email.safeParse(email).success))
    problems.push(field(at('email'), 'member_email_invalid', { email: email.slice(0, 80) }))
  if (name !== null && name.length > 100)
    problems.push(field(at('name'), 'member_name_too_long', { max: 100 }))
  else if (name !== null && NOT_PLAIN.test(name))
    problems.push(field(at('name'), 'member_name_plain'))
  if (email === null && name === null) problems.push(field(at('email'), 'member_needs_contact'))
  if (!(MEMBER_LOCALES as readonly string[]).includes(locale))
    problems.push(
      field(at('locale'), 'member_locale', { locale: locale.slice(0, 20), choices: 'en, de' }),
    )
  if (problems.length > 0) throw invalid('member_invalid', {}, problems)
  return { email, name, locale: locale as MemberLocale }
}

/** How many links a round may have: its team's roster and the extra links allowed for it. */
export function linkLimit(teamSize: number, extraLinks: number): number {
  return teamSize + extraLinks
}

/**
 * P6b: refuses links beyond the limit, saying how many are left and who can change that. Every
 * way of making links (opening, delivery, more by hand) comes through here.
 */
export function checkLinkRoom(
  round: { invited: number; extraLinks: number },
  teamSize: number,
  adding: number,
): void {
  const max = linkLimit(teamSize, round.extraLinks)
  if (round.invited + adding <= max) return
  throw new AppError('link_limit', {
    max,
    teamSize,
    extra: round.extraLinks,
    invited: round.invited,
    left: Math.max(0, max - round.invited),
    adding,
  })
}

/**
 * P6b with mail: members with an address get their links by mail and nobody else ever sees them,
 * so links by hand are only for members without an address and for extra links. `byHand` counts
 * the links the round has that were not mailed.
 */
export function checkByHandRoom(
  round: { byHand: number; extraLinks: number },
  withoutAddress: number,
  adding: number,
): void {
  const max = withoutAddress + round.extraLinks
  if (round.byHand + adding <= max) return
  throw new AppError(
    'link_limit',
    {
      max,
      withoutAddress,
      extra: round.extraLinks,
      byHand: round.byHand,
      left: Math.max(0, max - round.byHand),
      adding,
    },
    [],
    'by_hand_limit',
  )
}

/**
 * How many more links may be made by hand now: within the round's limit and, with mail, within
 * the room for members without an address and extra links (the rules of checkLinkRoom and
 * checkByHandRoom, for pages that offer the form).
 */
export function linksLeftByHand(r: {
  links: number
  byHand: number
  teamSize: number
  extraLinks: number
  withoutAddress: number
  mail: boolean
}): number {
  const overall = linkLimit(r.teamSize, r.extraLinks) - r.links
  const hand = r.mail ? r.withoutAddress + r.extraLinks - r.byHand : overall
  return Math.max(0, Math.min(overall, hand))
}

/** A valid IANA time zone name, e.g. Europe/Berlin; UTC by default. */
export function checkTimeZone(zone: string): string {
  const trimmed = zone.trim()
  try {
    // Throws a RangeError for names the runtime does not know.
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone
  } catch {
    throw invalid('time_zone', { zone: trimmed.slice(0, 60) }, [
      field('timeZone', 'time_zone', { zone: trimmed.slice(0, 60) }),
    ])
  }
}
