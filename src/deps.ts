import type { Config } from './config'
import type { Batch, Db } from './db/schema'
import type { PooledComment } from './domain/ballot'
import type { SurveyDefinition } from './domain/survey'
import type { BallotSeal } from './seal'

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * What the app needs from its runtime. Entries (Node, Workers, tests, the CLI) build it; the app
 * never opens a connection or reads the environment itself.
 */
export interface Deps {
  db: Db
  batch: Batch
  config: Config
  /** The built-in survey definitions, validated at start. */
  builtinSurveys: SurveyDefinition[]
  now: () => Date
  log: Logger
  /** The ballot key at work: places and seals (src/seal.ts). */
  seal: BallotSeal
  /** Stores answers: group commit on Node, one D1 batch per submission on Workers. */
  ballots: BallotBox
  /**
   * Sends mail: SMTP on Node, an HTTP mail API on either runtime. Absent when no mail is
   * configured: links are then handed out by hand (the manual mode).
   */
  mail?: Mailer | undefined
  /** Posts JSON to a team's chat webhook (Slack-compatible incoming webhooks). */
  chat: ChatSender
}

/** One message to one person; plain text and HTML, no remote content. */
export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

export interface Mailer {
  /**
   * Hands one message to the mail server. Resolves once it was accepted; rejects with a
   * MailError (src/mail/mailer.ts) whose message says why, without secrets.
   */
  send(mail: OutgoingMail): Promise<void>
}

export interface ChatSender {
  /** Posts `body` as JSON to `url`; rejects with a short reason when it was not accepted. */
  post(url: string, body: unknown): Promise<void>
}

/** One respondent's answers on their way into their link's ballot. */
export interface Cast {
  roundId: string
  /** The ballot's place, from the link's secret (BallotSeal.place). */
  place: string
  /** The tag under which a delivered link waits for reminders (unusedTag); forgotten on fill. */
  tag: string
  /** The answers, encoded and sealed for this round. */
  sealed: Uint8Array
  /** In clear: the box adds them to this bucket of the round's sealed comments. */
  comments: PooledComment[]
  bucket: number
  now: string
}

/** 'stored' once durable; otherwise why nothing changed. */
export type CastOutcome = 'stored' | 'unknown' | 'closed' | 'not_open' | 'used'

/**
 * Where answers go in (P5, P6): a ballot is filled, and its comments join the round's list,
 * atomically, at most once per link, and never in an order that says when.
 */
export interface BallotBox {
  cast(cast: Cast): Promise<CastOutcome>
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const

/**
 * One JSON line per event. Callers pass no personal data: no IPs, user agents, secrets or answers
 * are ever logged (P5, P8).
 */
export function jsonLogger(
  level: Config['LOG_LEVEL'],
  write: (line: string) => void = (line) => console.log(line),
): Logger {
  const min = level === 'silent' ? Infinity : LEVELS.indexOf(level)
  const emit =
    (lvl: (typeof LEVELS)[number]) => (message: string, fields?: Record<string, unknown>) => {
      if (LEVELS.indexOf(lvl) >= min)
        write(JSON.stringify({ time: new Date().toISOString(), level: lvl, message, ...fields }))
    }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}
