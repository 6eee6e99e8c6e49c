import type { ErrorCode } from '../domain/errors'

/** The HTTP status of each error code: the one place where errors meet HTTP. */
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  bad_request: 400,
  invalid_answers: 400,
  invalid_survey: 400,
  invalid_k: 400,
  weak_password: 400,
  wrong_password: 400,
  sign_in_required: 401,
  sign_in_failed: 401,
  share_link_invalid: 401,
  admin_only: 403,
  cross_origin: 403,
  csrf: 403,
  read_only_token: 403,
  setup_token_invalid: 403,
  not_found: 404,
  unknown_link: 404,
  round_closed: 409,
  round_open: 409,
  round_not_open: 409,
  link_used: 409,
  email_taken: 409,
  last_admin: 409,
  self_disable: 409,
  account_disabled: 409,
  builtin_survey: 409,
  survey_version_used: 409,
  k_lowered: 409,
  k_reached: 409,
  link_limit: 409,
  rotation_needs_roster: 409,
  group_not_empty: 409,
  mail_off: 409,
  campaign_round: 409,
  campaign_no_teams: 409,
  campaign_too_large: 409,
  campaign_closed: 409,
  round_gone: 410,
  too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
} as const satisfies Record<ErrorCode, number>

export type ErrorHttpStatus = (typeof ERROR_STATUS)[ErrorCode]

/** The HTTP status an error code is answered with. */
export const statusOf = (code: ErrorCode): ErrorHttpStatus => ERROR_STATUS[code]

/** The code as the API names it: a closed round is `round_closed`, whether 409 or 410. */
export const apiCode = (code: ErrorCode): string => (code === 'round_gone' ? 'round_closed' : code)
