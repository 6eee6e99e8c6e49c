import { findLoadedRound, type LoadedRound } from '../db/rounds'
import { findTeam, isFacilitatorOf } from '../db/teams'
import type { Team } from '../domain/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, notFound } from '../domain/errors'
import type { User } from '../domain/users'

/** The signed-in user behind an actor, or 401 (share links and the operator are nobody). */
export function requireSignedIn(actor: Actor): User {
  if (actor.kind !== 'user') throw new AppError('sign_in_required')
  return actor.user
}

/** Passes for an admin or the operator; 403 for anyone else. */
export function requireAdmin(actor: Actor): void {
  if (actor.kind === 'operator') return
  if (requireSignedIn(actor).role !== 'admin') throw new AppError('admin_only')
}

/**
 * The team if this actor may see it. Anyone else's team answers 404 exactly as a missing one
 * does, so ids cannot be probed (no IDOR). The operator is told where to look instead.
 */
export async function requireTeam(deps: Deps, actor: Actor, teamId: string): Promise<Team> {
  const team = await findTeam(deps.db, teamId)
  if (actor.kind === 'operator') {
    if (!team) throw new AppError('not_found', { teamId }, [], 'team_not_found')
    return team
  }
  if (!team || !(await mayUseTeam(deps, actor, teamId))) throw notFound('This team')
  return team
}

async function mayUseTeam(deps: Deps, actor: Actor, teamId: string): Promise<boolean> {
  if (actor.kind === 'share') return actor.teamId === teamId
  if (actor.kind === 'operator' || actor.user.role === 'admin') return true
  return isFacilitatorOf(deps.db, teamId, actor.user.id)
}

/**
 * The round if this actor may see its team; 404 otherwise, as for a missing round. One query for
 * users, and only a read: a round past its closing time is not closed here. Share links do not
 * come here: what they see of a round is `sharedRoundReport`'s to decide.
 */
export async function requireRound(
  deps: Deps,
  actor: Actor,
  roundId: string,
): Promise<LoadedRound> {
  const user = actor.kind === 'user' ? actor.user : undefined
  const found = await findLoadedRound(deps.db, roundId, user?.id)
  const allowed =
    actor.kind === 'operator' ||
    (user !== undefined && (user.role === 'admin' || found?.facilitates))
  if (!found || !allowed) throw notFound('This round')
  return found.round
}
