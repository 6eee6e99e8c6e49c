import { randomId } from '../crypto'
import {
  addFacilitator,
  insertTeam,
  listAllFacilitators,
  listFacilitators,
  listShareLinks,
  listTeams,
  removeFacilitator,
  renameTeam as renameTeamRow,
  revokeShareLink as revokeShareLinkRow,
} from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, field, invalid, notFound } from '../domain/errors'
import { isPlainName } from '../domain/roster'
import type { Facilitator, ShareLink, Team } from '../domain/teams'
import type { User } from '../domain/users'
import { requireAdmin, requireSignedIn, requireTeam } from './access'
import { findAccount, type AccountRef } from './accounts'

function teamName(name: string): string {
  const trimmed = name.trim()
  if (!trimmed || trimmed.length > 100 || !isPlainName(trimmed))
    throw invalid('team_name', {}, [field('name', 'team_name')])
  return trimmed
}

/** Creates a team with a trimmed, non-empty name (admins and the operator). */
export async function createTeam(deps: Deps, actor: Actor, name: string): Promise<Team> {
  requireAdmin(actor)
  const team: Team = {
    id: randomId(),
    name: teamName(name),
    createdAt: deps.now().toISOString(),
    timeZone: 'UTC',
    rotation: false,
    chatHint: null,
  }
  await insertTeam(deps.db, team)
  return team
}

/** Renames a team (admins and the operator). */
export async function renameTeam(deps: Deps, actor: Actor, teamId: string, name: string) {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  await renameTeamRow(deps.db, team.id, teamName(name))
  return { ...team, name: name.trim() }
}

/** The teams an actor may see: all for admins and the operator, a facilitator's own otherwise. */
export async function listTeamsFor(deps: Deps, actor: Actor): Promise<Team[]> {
  if (actor.kind === 'share') return []
  const user = actor.kind === 'user' ? actor.user : undefined
  return listTeams(deps.db, user && user.role !== 'admin' ? user.id : undefined)
}

/** A team the actor may see, or 404. */
export function getTeam(deps: Deps, actor: Actor, teamId: string): Promise<Team> {
  return requireTeam(deps, actor, teamId)
}

/** A team with its facilitators. */
export async function teamWithFacilitators(
  deps: Deps,
  actor: Actor,
  teamId: string,
): Promise<{ team: Team; facilitators: Facilitator[] }> {
  requireSignedInOrOperator(actor)
  const team = await requireTeam(deps, actor, teamId)
  return { team, facilitators: await listFacilitators(deps.db, team.id) }
}

/** Every team with its facilitators, for the admins' overview and the CLI. */
export async function teamsOverview(deps: Deps, actor: Actor) {
  requireAdmin(actor)
  const [teams, facilitators] = await Promise.all([
    listTeams(deps.db),
    listAllFacilitators(deps.db),
  ])
  return teams.map((team) => ({
    ...team,
    facilitators: facilitators
      .filter((f) => f.teamId === team.id)
      .map((f) => ({ id: f.id, name: f.name, email: f.email, disabled: Boolean(f.disabled) })),
  }))
}

const accountName = (ref: AccountRef) => ('id' in ref ? 'That account' : `The account ${ref.email}`)

/**
 * Makes an account a facilitator of a team (admins and the operator). A disabled account is
 * refused: it could not sign in to use the role.
 */
export async function assignFacilitator(
  deps: Deps,
  actor: Actor,
  teamId: string,
  ref: AccountRef,
): Promise<{ team: Team; user: Pick<User, 'id' | 'email' | 'name'> }> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const account = await findAccount(deps, actor, ref)
  if (!account) throw notFound(accountName(ref))
  if (account.disabled) throw new AppError('account_disabled', { name: account.name })
  await addFacilitator(deps.db, team.id, account.id)
  return { team, user: { id: account.id, email: account.email, name: account.name } }
}

/** Removes a facilitator from a team (admins and the operator); 404 if they were not one. */
export async function unassignFacilitator(
  deps: Deps,
  actor: Actor,
  teamId: string,
  ref: AccountRef,
): Promise<{ team: Team; user: Pick<User, 'id' | 'email' | 'name'> }> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const account = 'id' in ref ? undefined : await findAccount(deps, actor, ref)
  if (!('id' in ref) && !account) throw notFound(accountName(ref))
  const userId = 'id' in ref ? ref.id : account!.id
  if (!(await removeFacilitator(deps.db, team.id, userId)))
    throw notFound(
      account ? `${account.email} as a facilitator of "${team.name}"` : 'That facilitator',
    )
  return { team, user: { id: userId, email: account?.email ?? '', name: account?.name ?? '' } }
}

/** A team's read-only share links. */
export async function teamShareLinks(
  deps: Deps,
  actor: Actor,
  teamId: string,
): Promise<ShareLink[]> {
  requireSignedInOrOperator(actor)
  const team = await requireTeam(deps, actor, teamId)
  return listShareLinks(deps.db, team.id)
}

/** Revokes one of a team's share links; 404 if it is unknown or revoked already. */
export async function revokeShareLink(deps: Deps, actor: Actor, teamId: string, id: string) {
  requireSignedInOrOperator(actor)
  const team = await requireTeam(deps, actor, teamId)
  if (!(await revokeShareLinkRow(deps.db, team.id, id, deps.now().toISOString())))
    throw notFound('That share link')
  return team
}

/** Share links manage nothing: they only read. */
function requireSignedInOrOperator(actor: Actor): void {
  if (actor.kind !== 'operator') requireSignedIn(actor)
}
