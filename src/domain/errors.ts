import { en, type MessageKey, type Params } from '../messages/en'

/**
 * Every error code the API and the pages answer with (`error.code`). `round_gone` is the one
 * exception: a closed round refusing answers, sent as `round_closed` but with its own status.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'invalid_json'
  | 'bad_request'
  | 'invalid_answers'
  | 'invalid_survey'
  | 'invalid_k'
  | 'weak_password'
  | 'wrong_password'
  | 'sign_in_required'
  | 'sign_in_failed'
  | 'share_link_invalid'
  | 'admin_only'
  | 'cross_origin'
  | 'csrf'
  | 'read_only_token'
  | 'setup_token_invalid'
  | 'not_found'
  | 'unknown_link'
  | 'round_closed'
  | 'round_open'
  | 'round_not_open'
  | 'link_used'
  | 'email_taken'
  | 'last_admin'
  | 'self_disable'
  | 'account_disabled'
  | 'builtin_survey'
  | 'survey_version_used'
  | 'k_lowered'
  | 'k_reached'
  | 'link_limit'
  | 'rotation_needs_roster'
  | 'group_not_empty'
  | 'mail_off'
  | 'campaign_round'
  | 'campaign_no_teams'
  | 'campaign_too_large'
  | 'campaign_closed'
  | 'round_gone'
  | 'too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'

/**
 * A field-level problem, named by its path in the request (e.g. `answers.ps-3`): a catalogue
 * `key` with its `params` where people may read it in another language, else only a `message`.
 * `message` is always the English text.
 */
export interface FieldProblem {
  path: string
  message: string
  key?: MessageKey
  params?: Params
}

/** A field problem worded by the catalogue. */
export const field = (path: string, key: MessageKey, params: Params = {}): FieldProblem => ({
  path,
  key,
  params,
  message: en[key](params),
})

/**
 * A failure a person can act on, free of any transport: a `code` (routes map it to a status),
 * the catalogue `key` of its message (the code unless one code has several) and its `params`.
 * `message` is the English text, for logs and the CLI; pages and the API render `key` and
 * `params` in their locale. Anything else that escapes is a bug and becomes a generic 500.
 */
export class AppError extends Error {
  override name = 'AppError'
  readonly key: MessageKey
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly fields: FieldProblem[] = [],
    key?: MessageKey,
  ) {
    const messageKey: MessageKey = key ?? code
    super(en[messageKey](params))
    this.key = messageKey
  }
}

export const notFound = (what: string) => new AppError('not_found', { what })
/** 400 `invalid_input` with the message under `key`. */
export const invalid = (key: MessageKey, params: Params = {}, fields: FieldProblem[] = []) =>
  new AppError('invalid_input', params, fields, key)
