import { baseUrlOf } from '../config'
import { hashSecret, randomId, randomSecret } from '../crypto'
import { insertShareLink } from '../db/teams'
import type { Deps } from '../deps'
import { SECRET_PREFIX } from './auth'

/**
 * Creates a read-only link to a team's released reports. The token is returned once and only
 * its hash is kept; it travels after `#`, so it never reaches a server log (P5, P8). The link
 * points to `baseUrl`: BASE_URL (or http://HOST:PORT) unless the caller knows better.
 */
export async function createShareLink(
  deps: Deps,
  teamId: string,
  baseUrl = baseUrlOf(deps.config),
) {
  const token = randomSecret(SECRET_PREFIX.share)
  const link = { id: randomId(), teamId, createdAt: deps.now().toISOString() }
  await insertShareLink(deps.db, { ...link, tokenHash: await hashSecret(token) })
  return { ...link, token, url: `${baseUrl}/shared#${token}` }
}
