/** A field-level problem, named by its path in the request (e.g. `answers.ps-3`). */
export interface FieldProblem {
  path: string
  message: string
}

/**
 * A failure a person can act on. Routes turn it into `{ error: { code, message, fields } }` with
 * its status; anything else that escapes is a bug and becomes a generic 500.
 */
export class AppError extends Error {
  override name = 'AppError'
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message)
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`)
export const invalid = (message: string, fields: FieldProblem[] = []) =>
  new AppError(400, 'invalid_input', message, fields)
export const conflict = (code: string, message: string) => new AppError(409, code, message)
