import { baseUrlOf } from '../config'
import { hashSecret, randomId, randomSecret } from '../crypto'
import { findShareLinkTeam, insertShareLink } from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError } from '../domain/errors'
import type { Team } from '../domain/teams'
import { requireSignedIn, requireTeam } from './access'
import { SECRET_PREFIX } from './auth'
import { keepShareLinkForChat } from './chat'
import { sharedRounds } from './reports'

/**
 * Creates a read-only link to a team's released reports. The token is returned once and only
 * its hash is kept; it travels after `#`, so it never reaches a server log (P5, P8). The link
 * points to `baseUrl`: BASE_URL (or http://HOST:PORT) unless the caller knows better.
 */
export async function createShareLink(
  deps: Deps,
  actor: Actor,
  teamId: string,
  baseUrl = baseUrlOf(deps.config),
) {
  if (actor.kind !== 'operator') requireSignedIn(actor)
  const team = await requireTeam(deps, actor, teamId)
  const token = randomSecret(SECRET_PREFIX.share)
  const link = { id: randomId(), teamId: team.id, createdAt: deps.now().toISOString() }
  await insertShareLink(deps.db, { ...link, tokenHash: await hashSecret(token) })
  const url = `${baseUrl}/shared#${token}`
  await keepShareLinkForChat(deps, { id: link.id, teamId: team.id, url })
  return { ...link, token, url }
}

/** The one answer to a share token that opens nothing: unknown, malformed or revoked. */
export const shareLinkInvalid = () => new AppError('share_link_invalid')

/** The actor a live share token stands for, or 401 `share_link_invalid`. */
export async function openShareLink(deps: Deps, token: string | undefined): Promise<Actor> {
  const teamId = token?.startsWith(SECRET_PREFIX.share)
    ? await findShareLinkTeam(deps.db, await hashSecret(token))
    : undefined
  if (!teamId) throw shareLinkInvalid()
  return { kind: 'share', teamId }
}

/**
 * What a share link shows of its team, for the API and the page alike: its name and its closed
 * rounds, newest first.
 */
export async function sharedView(deps: Deps, actor: Actor) {
  const team = await sharedTeam(deps, actor)
  return { team, rounds: await sharedRounds(deps, team.id) }
}

/** The team a share link opens. */
export function sharedTeam(deps: Deps, actor: Actor): Promise<Team> {
  if (actor.kind !== 'share') throw shareLinkInvalid()
  return requireTeam(deps, actor, actor.teamId)
}
