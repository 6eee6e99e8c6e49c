/** A team whose members answer surveys anonymously. */
export interface Team {
  id: string
  name: string
  createdAt: string
  /** IANA time zone: dates in mails are shown in it, and reminders avoid its weekend. */
  timeZone: string
  /** Each new round's facilitator is the next roster member in turn. */
  rotation: boolean
  /** What identifies the team's chat webhook without revealing it, or null when none is set. */
  chatHint: string | null
}

/** Someone on a team's roster: who gets a link when a round opens. */
export interface Member {
  id: string
  /** Null for someone who gets their link by hand. */
  email: string | null
  name: string | null
  locale: 'en' | 'de'
  position: number
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
