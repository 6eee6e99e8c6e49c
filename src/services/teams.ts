import { randomId } from '../crypto'
import { insertTeam, type TeamRow } from '../db/teams'
import type { Deps } from '../deps'
import { invalid } from '../domain/errors'

/** Creates a team with a trimmed, non-empty name. */
export async function createTeam(deps: Deps, name: string): Promise<TeamRow> {
  const trimmed = name.trim()
  if (!trimmed || trimmed.length > 100)
    throw invalid('Give the team a name of 1 to 100 characters.', [
      { path: 'name', message: '1 to 100 characters' },
    ])
  const team = { id: randomId(), name: trimmed, created_at: deps.now().toISOString() }
  await insertTeam(deps.db, team)
  return team
}
