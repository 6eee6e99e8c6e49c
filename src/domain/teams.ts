/** A team whose members answer surveys anonymously. */
export interface Team {
  id: string
  name: string
  createdAt: string
}

/** A read-only link to a team's released reports; its token is shown once and never kept. */
export interface ShareLink {
  id: string
  createdAt: string
  revokedAt: string | null
}

/** Someone who facilitates a team. */
export interface Facilitator {
  id: string
  email: string
  name: string
}
