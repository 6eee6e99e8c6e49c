import { sql, type CompiledQuery } from 'kysely'
import type { Member } from '../domain/teams'
import type { Db, MembersTable } from './schema'

/** Team rosters (migrations/0005_rosters.sql). */

const toMember = (row: MembersTable): Member => ({
  id: row.id,
  email: row.email,
  name: row.name,
  locale: row.locale === 'de' ? 'de' : 'en',
  position: row.position,
})

/** A team's roster in its order (the order rotation follows). */
export async function listMembers(db: Db, teamId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('members')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map(toMember)
}

export async function findMember(
  db: Db,
  teamId: string,
  memberId: string,
): Promise<Member | undefined> {
  const row = await db
    .selectFrom('members')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', memberId)
    .executeTakeFirst()
  return row && toMember(row)
}

export async function countMembers(db: Db, teamId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export type NewMember = Omit<Member, 'position'> & { teamId: string; createdAt: string }

/** Appends members to the end of a roster, in the order given. */
export function insertMembersQueries(db: Db, members: readonly NewMember[]): CompiledQuery[] {
  return members.map((m) =>
    sql`INSERT INTO members (id, team_id, email, name, locale, position, created_at)
      VALUES (${m.id}, ${m.teamId}, ${m.email}, ${m.name}, ${m.locale},
        (SELECT COALESCE(MAX(position), 0) + 1 FROM members WHERE team_id = ${m.teamId}),
        ${m.createdAt})`.compile(db),
  )
}

export function updateMemberQuery(
  db: Db,
  teamId: string,
  memberId: string,
  changes: Pick<Member, 'email' | 'name' | 'locale'>,
): CompiledQuery {
  return db
    .updateTable('members')
    .set(changes)
    .where('team_id', '=', teamId)
    .where('id', '=', memberId)
    .compile()
}

export function deleteMemberQuery(db: Db, teamId: string, memberId: string): CompiledQuery {
  return db.deleteFrom('members').where('team_id', '=', teamId).where('id', '=', memberId).compile()
}
