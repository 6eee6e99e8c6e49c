import type { CompiledQuery } from 'kysely'
import { randomId } from '../crypto'
import {
  insertGroupQuery,
  listAllGroups,
  listTeamPlacements,
  setTeamGroupQuery,
} from '../db/groups'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, field, invalid, type FieldProblem } from '../domain/errors'
import { checkGroupName, MAX_GROUP_DEPTH, pathOf, treeOrder, type Group } from '../domain/groups'
import { groupsCsv, parseGroupsCsv, type GroupsCsvRow } from '../formats/groups-csv'
import { requireAdmin } from './access'

/** The organisation from and to CSV (formats/groups-csv.ts), for admins and the operator. */

export interface GroupsImport {
  /** Groups the import created. */
  created: number
  /** Teams it put in another group. */
  placed: number
}

/**
 * Imports a groups CSV: each path's groups are found by name under the same parent, or created;
 * a line with a team puts that existing team (by its exact name) in the path's last group. All or
 * nothing: any problem changes nothing, and each is named by its line. Importing the export
 * changes nothing.
 */
export async function importGroupsCsv(
  deps: Deps,
  actor: Actor,
  text: string,
): Promise<GroupsImport> {
  requireAdmin(actor)
  const rows = parseGroupsCsv(text)
  const [groups, teams] = await Promise.all([listAllGroups(deps.db), listTeamPlacements(deps.db)])
  const all: Group[] = [...groups]
  const created: Group[] = []
  const placed = new Map<string, { groupId: string; line: number }>()
  const problems: FieldProblem[] = []
  for (const row of rows) {
    const problem = (where: 'path' | 'team', key: Parameters<typeof field>[1], params = {}) =>
      void problems.push(field(`csv.${row.line}.${where}`, key, { line: row.line, ...params }))
    const groupId = resolvePath(all, created, row, problem)
    if (groupId === undefined || row.team === null) continue
    const named = teams.filter((t) => t.name === row.team)
    const team = named[0]
    const earlier = team && placed.get(team.id)
    if (!team) problem('team', 'groups_csv_team_unknown', { team: row.team.slice(0, 100) })
    else if (named.length > 1) problem('team', 'groups_csv_team_ambiguous', { team: team.name })
    else if (earlier && earlier.groupId !== groupId)
      problem('team', 'groups_csv_team_twice', { team: team.name, first: earlier.line })
    else placed.set(team.id, { groupId, line: row.line })
  }
  if (problems.length > 0) {
    const lines = [...new Set(problems.map((p) => p.params?.line))].join(', ')
    throw invalid('groups_csv_invalid', { lines }, problems)
  }
  const now = deps.now().toISOString()
  const moves = teams.filter((t) => placed.has(t.id) && placed.get(t.id)!.groupId !== t.groupId)
  const queries: CompiledQuery[] = [
    ...created.map((g) => insertGroupQuery(deps.db, g, now)),
    ...moves.map((t) => setTeamGroupQuery(deps.db, t.id, placed.get(t.id)!.groupId)),
  ]
  if (queries.length > 0) await deps.batch(queries)
  return { created: created.length, placed: moves.length }
}

/**
 * The id of the last group of a line's path, finding each group by name under the one before it
 * and creating (in `all` and `created`) those missing; undefined after reporting a problem.
 */
function resolvePath(
  all: Group[],
  created: Group[],
  row: GroupsCsvRow,
  problem: (where: 'path', key: Parameters<typeof field>[1], params?: object) => void,
): string | undefined {
  if (row.path.length === 0) return void problem('path', 'groups_csv_path_missing')
  if (row.path.length > MAX_GROUP_DEPTH)
    return void problem('path', 'groups_csv_too_deep', {
      max: MAX_GROUP_DEPTH,
      depth: row.path.length,
    })
  let parentId: string | null = null
  for (const raw of row.path) {
    let name: string
    try {
      name = checkGroupName(raw)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return void problem('path', 'groups_csv_name', { name: raw.slice(0, 100) })
    }
    let group = all.find((g) => g.parentId === parentId && g.name === name)
    if (!group) {
      group = { id: randomId(), name, parentId }
      all.push(group)
      created.push(group)
    }
    parentId = group.id
  }
  return parentId!
}

/** The organisation as CSV: a line per group, then one per team in it, in tree order. */
export async function exportGroupsCsv(deps: Deps, actor: Actor): Promise<string> {
  requireAdmin(actor)
  const [groups, teams] = await Promise.all([listAllGroups(deps.db), listTeamPlacements(deps.db)])
  return groupsCsv(
    treeOrder(groups).flatMap((g) => {
      const path = pathOf(groups, g.id)
      const own = teams.filter((t) => t.groupId === g.id)
      return [{ path, team: null }, ...own.map((t) => ({ path, team: t.name }))]
    }),
  )
}
