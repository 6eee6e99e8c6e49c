import { normaliseEmail } from './users'

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 12

/** The most invitation links one call may mint (opening a round, or more for an open one). */
export const MAX_INVITATIONS_PER_CALL = 1000

/** The longest an API token may be made to last; by default it lasts until revoked. */
export const MAX_TOKEN_DAYS = 365

/**
 * The limit on submissions (API and survey form share it): failed ones only, per client address,
 * so that a whole office behind one address can answer while guessing links is stopped.
 */
export const SUBMIT_LIMIT = {
  bucket: 'submit',
  limit: 60,
  message: 'submit_limited' as const,
}

/**
 * The limits on signing in (API and form share them). They are built so that a stranger cannot
 * keep an account's owner out, while guessing stays slow:
 * - Per address, failed sign-ins, whatever the account: after `limit` failures in a minute the
 *   guessing address is refused — even the right password — until the minute ends. Other
 *   addresses are not affected. Each attempt counts when it starts and is taken back if it
 *   succeeds, so a burst of parallel guesses cannot slip past the limit.
 * - Per account (email trimmed and lower-cased, so `" Owner@Example.org "` is `owner@example.org`):
 *   no lock for everyone. Once `flood` failures for one account arrive within a minute from
 *   anywhere, an address that has itself failed `limit` times for that account is refused for it
 *   until its minute ends. So a botnet gets a few guesses per address and account, never the ten
 *   an address may otherwise spend, while the owner, signing in from an address that has not been
 *   guessing, gets in at once — flood or not. (Someone guessing from the owner's own address, an
 *   office behind one NAT, does lock that address: addresses are all a limiter can tell apart.)
 */
export const SIGN_IN_LIMIT = {
  bucket: 'sign-in',
  limit: 10,
  message: 'sign_in_limited' as const,
}
export const SIGN_IN_ACCOUNT_LIMIT = {
  bucket: 'sign-in-account',
  flood: 10,
  limit: 3,
  message: 'sign_in_account_limited' as const,
}

/** The first admin's set-up form: attempts per client address and minute, whatever their outcome. */
export const SETUP_LIMIT = { bucket: 'setup', limit: 10 }

/**
 * The account a sign-in names, as the per-account limit counts it: the email as accounts store it
 * (normalised), cut to a length no address has, so that no key grows huge.
 */
export function signInAccountOf(email: unknown): string | undefined {
  return typeof email === 'string' ? normaliseEmail(email).slice(0, 320) : undefined
}

/** The longest debrief note, in characters. */
export const DEBRIEF_MAX = 4000
