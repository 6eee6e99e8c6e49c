import { randomId } from '../crypto'
import {
  deleteMemberQuery,
  findMember,
  insertMembersQueries,
  listMembers,
  updateMemberQuery,
  type NewMember,
} from '../db/members'
import { setTeamOptions } from '../db/teams'
import type { Deps } from '../deps'
import type { Actor } from '../domain/actor'
import { AppError, field, invalid, notFound, type FieldProblem } from '../domain/errors'
import {
  checkMember,
  checkTimeZone,
  MAX_ROSTER,
  type CheckedMember,
  type MemberInput,
} from '../domain/roster'
import type { Member, Team } from '../domain/teams'
import { requireAdmin, requireSignedIn, requireTeam } from './access'

/**
 * Team rosters: who is on a team and gets a link when a round opens. Admins keep them; a team's
 * facilitators may read them but not change who is on them (the roster bounds how many links a
 * round may have, P6b).
 */

/** A team's roster, for its facilitators and admins (404 for anyone else). */
export async function teamRoster(
  deps: Deps,
  actor: Actor,
  teamId: string,
): Promise<{ team: Team; members: Member[] }> {
  if (actor.kind !== 'operator') requireSignedIn(actor)
  const team = await requireTeam(deps, actor, teamId)
  return { team, members: await listMembers(deps.db, team.id) }
}

/** Adds one member at the end of the roster (admins and the operator). */
export async function addMember(
  deps: Deps,
  actor: Actor,
  teamId: string,
  input: MemberInput,
): Promise<Member> {
  const added = await addMembers(deps, actor, teamId, [input], '')
  return added[0]!
}

/**
 * Adds members at the end of the roster in one atomic write; nothing is added if any of them is
 * invalid or already on it (by address). `prefix` names where problems are in the request.
 */
export async function addMembers(
  deps: Deps,
  actor: Actor,
  teamId: string,
  inputs: readonly MemberInput[],
  prefix = 'members',
): Promise<Member[]> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const current = await listMembers(deps.db, team.id)
  const checked = checkAll(inputs, prefix)
  checkUnique(current, checked, prefix)
  if (current.length + checked.length > MAX_ROSTER)
    throw invalid('roster_too_large', { max: MAX_ROSTER, size: current.length })
  const now = deps.now().toISOString()
  const rows: NewMember[] = checked.map((m) => ({
    ...m,
    id: randomId(),
    teamId: team.id,
    createdAt: now,
  }))
  if (rows.length > 0) await deps.batch(insertMembersQueries(deps.db, rows))
  const last = current.at(-1)?.position ?? 0
  return rows.map((r, i) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    locale: r.locale,
    position: last + i + 1,
  }))
}

/**
 * Changes a member's address, name or language (admins and the operator). A field left out
 * (undefined) keeps its value; null clears it.
 */
export async function updateMember(
  deps: Deps,
  actor: Actor,
  teamId: string,
  memberId: string,
  input: MemberInput,
): Promise<Member> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const current = await listMembers(deps.db, team.id)
  const member = current.find((m) => m.id === memberId)
  if (!member) throw notFound('That member')
  const checked = checkMember({
    email: input.email === undefined ? member.email : input.email,
    name: input.name === undefined ? member.name : input.name,
    locale: input.locale === undefined ? member.locale : input.locale,
  })
  checkUnique(
    current.filter((m) => m.id !== memberId),
    [checked],
    '',
  )
  await deps.batch([updateMemberQuery(deps.db, team.id, memberId, checked)])
  return { ...member, ...checked }
}

/**
 * Takes a member off the roster (admins and the operator). A link already delivered to them
 * keeps working and still counts towards its round's links; they get no reminders.
 */
export async function removeMember(
  deps: Deps,
  actor: Actor,
  teamId: string,
  memberId: string,
): Promise<Member> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const member = await findMember(deps.db, team.id, memberId)
  if (!member) throw notFound('That member')
  await deps.batch([deleteMemberQuery(deps.db, team.id, memberId)])
  return member
}

/**
 * Imports a roster (e.g. from CSV): members whose address is on the roster already get the new
 * name and language, and so do people without an address whose name is on it already (each
 * roster entry matched once, in order); the others are added at the end. With `replace`, members
 * missing from the import are removed. All or nothing: one invalid row changes nothing.
 * Importing a roster's own export therefore changes nothing.
 */
export async function importRoster(
  deps: Deps,
  actor: Actor,
  teamId: string,
  inputs: readonly MemberInput[],
  options: { replace?: boolean } = {},
): Promise<{ added: number; updated: number; removed: number; members: Member[] }> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const current = await listMembers(deps.db, team.id)
  const checked = checkAll(inputs, 'members')
  checkUnique([], checked, 'members')
  const byEmail = new Map(current.filter((m) => m.email).map((m) => [m.email!, m]))
  // People handed their link by hand are known by name only; matching them by name keeps a
  // re-imported roster from listing them twice (or, with `replace`, moving them to the end).
  const byHand = current.filter((m) => !m.email)
  const now = deps.now().toISOString()
  const fresh: NewMember[] = []
  const queries = []
  const kept = new Set<string>()
  let updated = 0
  for (const m of checked) {
    const existing = m.email
      ? byEmail.get(m.email)
      : byHand.find((h) => h.name === m.name && !kept.has(h.id))
    if (existing) {
      kept.add(existing.id)
      if (existing.name !== m.name || existing.locale !== m.locale) {
        queries.push(updateMemberQuery(deps.db, team.id, existing.id, m))
        updated++
      }
    } else fresh.push({ ...m, id: randomId(), teamId: team.id, createdAt: now })
  }
  const gone = options.replace ? current.filter((m) => !kept.has(m.id)) : []
  const size = current.length - gone.length + fresh.length
  if (size > MAX_ROSTER) throw invalid('roster_too_large', { max: MAX_ROSTER, size })
  queries.push(...gone.map((m) => deleteMemberQuery(deps.db, team.id, m.id)))
  queries.push(...insertMembersQueries(deps.db, fresh))
  if (queries.length > 0) await deps.batch(queries)
  return {
    added: fresh.length,
    updated,
    removed: gone.length,
    members: await listMembers(deps.db, team.id),
  }
}

/** A team's time zone and whether its facilitator rotates (admins and the operator). */
export async function setTeamSchedule(
  deps: Deps,
  actor: Actor,
  teamId: string,
  options: { timeZone?: string | undefined; rotation?: boolean | undefined },
): Promise<Team> {
  requireAdmin(actor)
  const team = await requireTeam(deps, actor, teamId)
  const timeZone = options.timeZone === undefined ? team.timeZone : checkTimeZone(options.timeZone)
  const rotation = options.rotation ?? team.rotation
  if (rotation && !team.rotation) {
    const members = await listMembers(deps.db, team.id)
    if (!members.some((m) => m.email)) throw new AppError('rotation_needs_roster')
  }
  await setTeamOptions(deps.db, team.id, { time_zone: timeZone, rotation: rotation ? 1 : 0 })
  return { ...team, timeZone, rotation }
}

function checkAll(inputs: readonly MemberInput[], prefix: string): CheckedMember[] {
  const problems: FieldProblem[] = []
  const checked: CheckedMember[] = []
  inputs.forEach((input, i) => {
    try {
      checked.push(checkMember(input, prefix ? `${prefix}.${i}` : ''))
    } catch (err) {
      if (err instanceof AppError) problems.push(...err.fields)
      else throw err
    }
  })
  if (problems.length > 0) throw invalid('member_invalid', {}, problems)
  return checked
}

/** One address once per roster: a second entry would give one person two links. */
function checkUnique(current: readonly Member[], adding: readonly CheckedMember[], prefix: string) {
  const onRoster = new Set(current.map((m) => m.email).filter(Boolean))
  const seen = new Set<string>()
  const problems: FieldProblem[] = []
  adding.forEach((m, i) => {
    if (!m.email) return
    const at = prefix ? `${prefix}.${i}.email` : 'email'
    if (onRoster.has(m.email)) problems.push(field(at, 'member_email_taken', { email: m.email }))
    else if (seen.has(m.email))
      problems.push(field(at, 'member_email_repeated', { email: m.email }))
    seen.add(m.email)
  })
  if (problems.length > 0) {
    const first = problems[0]!
    throw new AppError('email_taken', first.params ?? {}, problems, first.key)
  }
}
