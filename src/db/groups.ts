import { sql, type CompiledQuery } from 'kysely'
import type { Group } from '../domain/groups'
import type { Db, GroupsTable } from './schema'

/** The organisation's groups, their leads and which group each team is in (0007_organisation). */

const toGroup = (row: Pick<GroupsTable, 'id' | 'name' | 'parent_id'>): Group => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
})

/** Every group, by name; the tree is small enough to be shaped in memory (domain/groups.ts). */
export async function listAllGroups(db: Db): Promise<Group[]> {
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'name', 'parent_id'])
    .orderBy('name')
    .orderBy('id')
    .execute()
  return rows.map(toGroup)
}

export async function findGroup(db: Db, id: string): Promise<Group | undefined> {
  const row = await db
    .selectFrom('groups')
    .select(['id', 'name', 'parent_id'])
    .where('id', '=', id)
    .executeTakeFirst()
  return row && toGroup(row)
}

export function insertGroupQuery(db: Db, group: Group, createdAt: string): CompiledQuery {
  return db
    .insertInto('groups')
    .values({ id: group.id, name: group.name, parent_id: group.parentId, created_at: createdAt })
    .compile()
}

export async function renameGroup(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('groups').set({ name }).where('id', '=', id).execute()
}

/**
 * Moves a group, unless the new parent is the group itself or under it. The service checks that
 * first, for its message; the condition here holds it in the write itself, so two moves racing
 * each other cannot make a loop. False when refused.
 */
export async function moveGroup(db: Db, id: string, parentId: string | null): Promise<boolean> {
  const result = await sql`UPDATE groups SET parent_id = ${parentId} WHERE id = ${id}
    AND ${id} NOT IN (
      WITH RECURSIVE up(gid) AS (
        SELECT ${parentId} UNION SELECT g.parent_id FROM groups g JOIN up ON g.id = up.gid
      )
      SELECT gid FROM up WHERE gid IS NOT NULL
    )`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

/** What is in a group: sub-groups, teams and campaigns (each keeps it from being deleted). */
export async function groupContents(db: Db, id: string) {
  const count = (table: 'groups' | 'teams' | 'campaigns', column: 'parent_id' | 'group_id') =>
    sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}
      WHERE ${sql.ref(column)} = ${id}`
      .execute(db)
      .then((r) => Number(r.rows[0]?.n ?? 0))
  const [groups, teams, campaigns] = await Promise.all([
    count('groups', 'parent_id'),
    count('teams', 'group_id'),
    count('campaigns', 'group_id'),
  ])
  return { groups, teams, campaigns }
}

/**
 * Deletes a group with nothing in it, its leads going with it; the condition holds in the write,
 * so a team or sub-group added meanwhile is never orphaned. False when refused.
 */
export async function deleteEmptyGroup(db: Db, id: string): Promise<boolean> {
  const result = await sql`DELETE FROM groups WHERE id = ${id}
    AND NOT EXISTS (SELECT 1 FROM groups WHERE parent_id = ${id})
    AND NOT EXISTS (SELECT 1 FROM teams WHERE group_id = ${id})
    AND NOT EXISTS (SELECT 1 FROM campaigns WHERE group_id = ${id})`.execute(db)
  return Number(result.numAffectedRows ?? 0) === 1
}

export function setTeamGroupQuery(db: Db, teamId: string, groupId: string | null): CompiledQuery {
  return db.updateTable('teams').set({ group_id: groupId }).where('id', '=', teamId).compile()
}

/** Every team with the group it is in (null: none), by name. */
export async function listTeamPlacements(db: Db) {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'group_id as groupId'])
    .orderBy('name')
    .orderBy('id')
    .execute()
}

/** Every group's leads, by name. */
export async function listAllGroupLeads(db: Db) {
  return db
    .selectFrom('group_leads')
    .innerJoin('users', 'users.id', 'group_leads.user_id')
    .select(['group_leads.group_id as groupId', 'users.id', 'users.email', 'users.name'])
    .orderBy('users.name')
    .orderBy('users.email')
    .execute()
}

/** The groups an account leads (not those under them). */
export async function groupsLedByUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_leads')
    .select('group_id')
    .where('user_id', '=', userId)
    .execute()
  return rows.map((r) => r.group_id)
}

/** Whether an account leads the group or any group above it. */
export async function leadsGroupOrAbove(db: Db, groupId: string, userId: string) {
  // UNION (not UNION ALL) ends the walk at a repeated group, should the tree ever hold a loop.
  const result = await sql<{ one: number }>`WITH RECURSIVE up(gid) AS (
      SELECT ${groupId} UNION SELECT g.parent_id FROM groups g JOIN up ON g.id = up.gid
    )
    SELECT 1 AS one FROM up JOIN group_leads l ON l.group_id = up.gid
    WHERE l.user_id = ${userId} LIMIT 1`.execute(db)
  return result.rows.length > 0
}

export async function addGroupLead(db: Db, groupId: string, userId: string): Promise<void> {
  await db
    .insertInto('group_leads')
    .values({ group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function removeGroupLead(db: Db, groupId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('group_leads')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) === 1
}
