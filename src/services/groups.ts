import { randomId } from '../crypto'
import {
  addGroupLead as addGroupLeadRow,
  deleteEmptyGroup,
  findGroup,
  groupContents,
  groupsLedByUser,
  insertGroupQuery,
  leadsGroupOrAbove,
  listAllGroupLeads,
  listAllGroups,
  listTeamPlacements,
  moveGroup as moveGroupRow,
  removeGroupLead as removeGroupLeadRow,
  renameGroup as renameGroupRow,
  setTeamGroupQuery,
} from '../db/groups'
import type { Deps } from '../deps'
import { isAdminActor, type Actor } from '../domain/actor'
import { AppError, field, invalid, notFound } from '../domain/errors'
import {
  checkGroupName,
  checkPlacement,
  MAX_GROUP_DEPTH,
  subtreeIds,
  treeOrder,
  type Group,
} from '../domain/groups'
import type { Team } from '../domain/teams'
import type { User } from '../domain/users'
import { requireAdmin, requireTeam } from './access'
import { findAccount, type AccountRef } from './accounts'

export { exportGroupsCsv, importGroupsCsv } from './groups-csv'

/**
 * The organisation's groups (issue 11): admins and the operator keep them; a group lead reads
 * their groups and everything under them; everyone else sees none of it.
 */

/**
 * A group this actor may read: any for admins and the operator; for a signed-in user, one they
 * lead or that lies under one they lead. Anything else answers 404 exactly as a missing group
 * does, so ids cannot be probed (no IDOR); share links see no group. The operator is told where
 * to look instead.
 */
export async function requireGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  const group = await findGroup(deps.db, groupId)
  if (actor.kind === 'operator') {
    if (!group) throw new AppError('not_found', { groupId }, [], 'group_not_found')
    return group
  }
  if (!group || !(await mayReadGroup(deps, actor, group.id))) throw notFound('This group')
  return group
}

async function mayReadGroup(deps: Deps, actor: Actor, groupId: string): Promise<boolean> {
  if (actor.kind === 'share') return false
  if (isAdminActor(actor)) return true
  return actor.kind === 'user' && leadsGroupOrAbove(deps.db, groupId, actor.user.id)
}

/**
 * The groups an actor may read: 'all' for admins and the operator; otherwise every group the user
 * leads and everything under them (an empty set for anyone who leads none, and for share links).
 */
export async function groupsLedBy(deps: Deps, actor: Actor): Promise<'all' | Set<string>> {
  if (isAdminActor(actor)) return 'all'
  if (actor.kind !== 'user') return new Set()
  const led = await groupsLedByUser(deps.db, actor.user.id)
  if (led.length === 0) return new Set()
  return subtreeIds(await listAllGroups(deps.db), led)
}

export interface GroupLead {
  id: string
  email: string
  name: string
}

/** A group in the tree: its depth (1 at the top), its own teams and its leads. */
export interface GroupNode extends Group {
  depth: number
  teams: Pick<Team, 'id' | 'name'>[]
  leads: GroupLead[]
}

export interface GroupTree {
  /** Depth first, siblings by name; a lead's tree starts at the groups they lead. */
  groups: GroupNode[]
  /** The teams the actor may see placed: every team for admins (groupId null: in none). */
  teams: { id: string; name: string; groupId: string | null }[]
}

/** The tree of groups an actor may read, with their teams and leads. */
export async function listGroups(deps: Deps, actor: Actor): Promise<GroupTree> {
  const led = await groupsLedBy(deps, actor)
  if (led !== 'all' && led.size === 0) return { groups: [], teams: [] }
  const [groups, teams, leads] = await Promise.all([
    listAllGroups(deps.db),
    listTeamPlacements(deps.db),
    listAllGroupLeads(deps.db),
  ])
  const roots =
    led === 'all'
      ? undefined
      : new Set(
          groups
            .filter((g) => led.has(g.id) && (g.parentId === null || !led.has(g.parentId)))
            .map((g) => g.id),
        )
  const nodes = treeOrder(groups, roots).map((g) => ({
    ...g,
    teams: teams.filter((t) => t.groupId === g.id).map(({ id, name }) => ({ id, name })),
    leads: leads
      .filter((l) => l.groupId === g.id)
      .map(({ id, email, name }) => ({ id, email, name })),
  }))
  return {
    groups: nodes,
    teams: led === 'all' ? teams : teams.filter((t) => t.groupId !== null && led.has(t.groupId)),
  }
}

/** One group as its page shows it: in the tree the actor sees, with what it holds. */
export interface GroupView {
  group: GroupNode
  /** The groups above it that the actor sees, top first. */
  ancestors: GroupNode[]
  /** Its own sub-groups. */
  children: GroupNode[]
  tree: GroupTree
  /** What keeps it from being deleted. */
  held: { groups: number; teams: number; campaigns: number }
}

/** A group the actor may read (404 otherwise), with the tree around it. */
export async function groupView(deps: Deps, actor: Actor, groupId: string): Promise<GroupView> {
  const found = await requireGroup(deps, actor, groupId)
  const [tree, held] = await Promise.all([
    listGroups(deps, actor),
    groupContents(deps.db, found.id),
  ])
  const byId = new Map(tree.groups.map((g) => [g.id, g]))
  const group = byId.get(found.id)!
  const ancestors: GroupNode[] = []
  // Bounded by the depth limit, should the tree ever hold a loop.
  for (let up = byId.get(group.parentId ?? ''); up && ancestors.length < MAX_GROUP_DEPTH;) {
    ancestors.unshift(up)
    up = byId.get(up.parentId ?? '')
  }
  const children = tree.groups.filter((g) => g.parentId === group.id)
  return { group, ancestors, children, tree, held }
}

/** Creates a group at the top level or under `parentId` (admins and the operator). */
export async function createGroup(
  deps: Deps,
  actor: Actor,
  input: { name: string; parentId?: string | null | undefined },
): Promise<Group> {
  requireAdmin(actor)
  const name = checkGroupName(input.name)
  const parentId = input.parentId ? (await requireGroup(deps, actor, input.parentId)).id : null
  const groups = await listAllGroups(deps.db)
  const group: Group = { id: randomId(), name, parentId }
  checkPlacement(groups, group.id, parentId)
  checkNameFree(groups, group, 'name')
  await deps.batch([insertGroupQuery(deps.db, group, deps.now().toISOString())])
  return group
}

/** Renames a group (admins and the operator). */
export async function renameGroup(deps: Deps, actor: Actor, groupId: string, name: string) {
  requireAdmin(actor)
  const group = await requireGroup(deps, actor, groupId)
  const renamed = { ...group, name: checkGroupName(name) }
  checkNameFree(await listAllGroups(deps.db), renamed, 'name')
  await renameGroupRow(deps.db, group.id, renamed.name)
  return renamed
}

/**
 * Moves a group, with everything under it, under another group or (null) to the top level
 * (admins and the operator). Refused under itself or its own sub-groups, and beyond the depth
 * limit.
 */
export async function moveGroup(
  deps: Deps,
  actor: Actor,
  groupId: string,
  parentId: string | null,
): Promise<Group> {
  requireAdmin(actor)
  const group = await requireGroup(deps, actor, groupId)
  const parent = parentId === null ? null : await requireGroup(deps, actor, parentId)
  const groups = await listAllGroups(deps.db)
  const moved = { ...group, parentId: parent?.id ?? null }
  checkPlacement(groups, group.id, moved.parentId)
  checkNameFree(groups, moved, 'parentId')
  if (!(await moveGroupRow(deps.db, group.id, moved.parentId)))
    throw invalid('group_cycle', {}, [field('parentId', 'group_cycle')])
  return moved
}

/**
 * Deletes a group that holds nothing (admins and the operator): no sub-groups, no teams and no
 * campaigns; otherwise 409 saying what to move first. Its leads lose the role with it.
 */
export async function deleteGroup(deps: Deps, actor: Actor, groupId: string): Promise<Group> {
  requireAdmin(actor)
  const group = await requireGroup(deps, actor, groupId)
  const refusal = async () => {
    const held = await groupContents(deps.db, group.id)
    const full = held.groups + held.teams + held.campaigns > 0
    return full ? new AppError('group_not_empty', { name: group.name, ...held }) : undefined
  }
  const before = await refusal()
  if (before) throw before
  // Something may have been put in it meanwhile: the delete's own condition refuses then.
  if (!(await deleteEmptyGroup(deps.db, group.id)))
    throw (await refusal()) ?? notFound('This group')
  return group
}

/** Puts a team in a group, or (null) in none (admins and the operator). */
export async function setTeamGroup(
  deps: Deps,
  actor: Actor,
  teamId: string,
  groupId: string | null,
): Promise<{ team: Team; group: Group | null }> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const group = groupId === null ? null : await requireGroup(deps, actor, groupId)
  await deps.batch([setTeamGroupQuery(deps.db, team.id, group?.id ?? null)])
  return { team, group }
}

type LeadChange = { group: Group; user: Pick<User, 'id' | 'email' | 'name'> }

/**
 * Makes an account a lead of a group (admins and the operator): they read the group and all
 * under it. A disabled account is refused: it could not sign in to use the role.
 */
export async function addGroupLead(
  deps: Deps,
  actor: Actor,
  groupId: string,
  ref: AccountRef,
): Promise<LeadChange> {
  requireAdmin(actor)
  const group = await requireGroup(deps, actor, groupId)
  const account = await findAccount(deps, actor, ref)
  if (!account) throw notFound('email' in ref ? `The account ${ref.email}` : 'That account')
  if (account.disabled) throw new AppError('account_disabled', { name: account.name })
  await addGroupLeadRow(deps.db, group.id, account.id)
  return { group, user: { id: account.id, email: account.email, name: account.name } }
}

/** Ends an account's lead role for a group (admins and the operator); 404 if it had none. */
export async function removeGroupLead(
  deps: Deps,
  actor: Actor,
  groupId: string,
  ref: AccountRef,
): Promise<LeadChange> {
  requireAdmin(actor)
  const group = await requireGroup(deps, actor, groupId)
  const account = await findAccount(deps, actor, ref)
  if (!account || !(await removeGroupLeadRow(deps.db, group.id, account.id)))
    throw notFound(account ? `${account.email} as a lead of "${group.name}"` : 'That account')
  return { group, user: { id: account.id, email: account.email, name: account.name } }
}

/** Sibling groups have different names: a CSV path must name one group. */
function checkNameFree(groups: readonly Group[], group: Group, path: string) {
  const taken = groups.some(
    (g) => g.id !== group.id && g.parentId === group.parentId && g.name === group.name,
  )
  if (taken) {
    const params = { name: group.name }
    throw invalid('group_name_taken', params, [field(path, 'group_name_taken', params)])
  }
}
