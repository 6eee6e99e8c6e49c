import { sql, type CompiledQuery } from 'kysely'
import { withinLimit, type LinkLimit } from './ballots'
import type { Db, DeliveriesTable, LinkAllowancesTable } from './schema'

/**
 * Delivered links, extra-link allowances and reminders (migrations/0005_rosters.sql). Nothing
 * here says who answered: `unused_links` only ever holds links not used yet (the fill deletes
 * the row, src/db/ballots.ts), deliveries say whether a mail went out, reminders when.
 */

export interface UnusedLink {
  tag: string
  memberId: string
  /** The secret sealed under the ballot key, base64url. */
  sealedLink: string
}

/** Delivered links waiting to be used, in one statement (values travel as one JSON array). */
export function insertUnusedLinksQuery(
  db: Db,
  roundId: string,
  links: readonly UnusedLink[],
  adding: number,
  limit: LinkLimit,
): CompiledQuery {
  const rows = links.map((l) => [l.tag, l.memberId, l.sealedLink])
  return sql`INSERT INTO unused_links (round_id, tag, member_id, sealed_link)
    SELECT ${roundId}, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
      json_extract(value, '$[2]')
    FROM json_each(${JSON.stringify(rows)})
    WHERE EXISTS (SELECT 1 FROM rounds WHERE id = ${roundId} AND status = 'open'
      ${withinLimit(adding, limit)})
    ORDER BY key`.compile(db)
}

/** A round's unused delivered links with their members' current addresses, for reminders. */
export async function listUnusedLinks(db: Db, roundId: string) {
  const rows = await db
    .selectFrom('unused_links')
    .innerJoin('members', 'members.id', 'unused_links.member_id')
    .select([
      'unused_links.member_id as memberId',
      'unused_links.sealed_link as sealedLink',
      'members.email',
      'members.name',
      'members.locale',
    ])
    .where('unused_links.round_id', '=', roundId)
    .execute()
  return rows
}

/** One member's unused link on a round (to send it again after a failed delivery). */
export async function findUnusedLinkOf(db: Db, roundId: string, memberId: string) {
  const row = await db
    .selectFrom('unused_links')
    .select('sealed_link')
    .where('round_id', '=', roundId)
    .where('member_id', '=', memberId)
    .executeTakeFirst()
  return row?.sealed_link
}

export function recordDeliveriesQuery(
  db: Db,
  rows: readonly DeliveriesTable[],
): CompiledQuery | undefined {
  if (rows.length === 0) return undefined
  return db
    .insertInto('deliveries')
    .values([...rows])
    .onConflict((oc) =>
      oc.columns(['round_id', 'member_id']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        detail: eb.ref('excluded.detail'),
      })),
    )
    .compile()
}

/** How many of a round's links were mailed (or tried): the rest were handed out by hand. */
export async function countDeliveries(db: Db, roundId: string): Promise<number> {
  const row = await db
    .selectFrom('deliveries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('round_id', '=', roundId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function listDeliveries(db: Db, roundId: string) {
  return db
    .selectFrom('deliveries')
    .innerJoin('members', 'members.id', 'deliveries.member_id')
    .select([
      'deliveries.member_id as memberId',
      'deliveries.status',
      'deliveries.detail',
      'members.email',
      'members.name',
    ])
    .where('deliveries.round_id', '=', roundId)
    .orderBy('members.position')
    .execute()
}

export function insertAllowanceQuery(db: Db, row: LinkAllowancesTable): CompiledQuery {
  return db.insertInto('link_allowances').values(row).compile()
}

export async function listAllowances(db: Db, roundId: string) {
  return db
    .selectFrom('link_allowances')
    .select(['count', 'reason', 'allowed_by as allowedBy', 'created_at as createdAt'])
    .where('round_id', '=', roundId)
    .orderBy('created_at')
    .execute()
}

export function insertRemindersQuery(
  db: Db,
  roundId: string,
  dueAt: readonly string[],
): CompiledQuery | undefined {
  if (dueAt.length === 0) return undefined
  return db
    .insertInto('reminders')
    .values(dueAt.map((due_at) => ({ round_id: roundId, due_at, sent_at: null })))
    .compile()
}

export async function listReminders(db: Db, roundId: string) {
  return db
    .selectFrom('reminders')
    .select(['due_at as dueAt', 'sent_at as sentAt'])
    .where('round_id', '=', roundId)
    .orderBy('due_at')
    .execute()
}

/** Reminders due by `now` on open rounds that have not gone out. */
export async function listDueReminders(db: Db, now: string) {
  return db
    .selectFrom('reminders')
    .innerJoin('rounds', 'rounds.id', 'reminders.round_id')
    .select(['reminders.round_id as roundId', 'reminders.due_at as dueAt'])
    .where('reminders.sent_at', 'is', null)
    .where('reminders.due_at', '<=', now)
    .where('rounds.status', '=', 'open')
    .where('rounds.closes_at', '>', now)
    .execute()
}

/** Claims a due reminder for sending; true for exactly one caller, however many run at once. */
export async function claimReminder(
  db: Db,
  roundId: string,
  dueAt: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('reminders')
    .set({ sent_at: now })
    .where('round_id', '=', roundId)
    .where('due_at', '=', dueAt)
    .where('sent_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
