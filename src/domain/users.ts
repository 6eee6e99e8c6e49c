/** Someone who signs in: an admin, or a facilitator of some teams. Respondents never sign in. */
export interface User {
  id: string
  email: string
  name: string
  role: 'admin' | 'facilitator'
}

/** An account's email as stored and looked up: `" Owner@Example.org "` is `owner@example.org`. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase()
