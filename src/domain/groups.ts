import { field, invalid } from './errors'
import { isPlainName } from './roster'

/**
 * The organisation (issue 11): nested groups (organisation › division › department › …) with
 * teams in them. The rules of the tree are stated here, pure; the services apply them.
 */

/** A group of teams and sub-groups; `parentId` null for a top-level group. */
export interface Group {
  id: string
  name: string
  parentId: string | null
}

/** How deep groups may nest: a top-level group is at depth 1. */
export const MAX_GROUP_DEPTH = 10

/** What separates group names in a CSV path: "Acme / Engineering / Platform". */
export const PATH_SEPARATOR = ' / '

/**
 * A group's name, trimmed: 1–100 characters of plain text without "/", which separates the names
 * of a CSV path (a name holding one would read as two groups when imported again, and "Acme/Eng"
 * is read as two names, as people mean it). Problems are named `path`.
 */
export function checkGroupName(name: string, path = 'name'): string {
  const trimmed = name.trim()
  if (!trimmed || trimmed.length > 100 || !isPlainName(trimmed) || trimmed.includes('/'))
    throw invalid('group_name', {}, [field(path, 'group_name')])
  return trimmed
}

/** The groups by their parent (null: the top level), each list sorted by name. */
export function childrenByParent(groups: readonly Group[]): Map<string | null, Group[]> {
  const children = new Map<string | null, Group[]>()
  for (const g of groups) children.set(g.parentId, [...(children.get(g.parentId) ?? []), g])
  for (const list of children.values()) list.sort(byName)
  return children
}

const byName = (a: Group, b: Group) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)

/** The group's ancestors, nearest first. Stops at a repeated id, so a cycle cannot hang it. */
export function ancestorsOf(groups: readonly Group[], id: string): Group[] {
  const byId = new Map(groups.map((g) => [g.id, g]))
  const seen = new Set([id])
  const out: Group[] = []
  for (let g = byId.get(byId.get(id)?.parentId ?? ''); g && !seen.has(g.id);) {
    seen.add(g.id)
    out.push(g)
    g = g.parentId === null ? undefined : byId.get(g.parentId)
  }
  return out
}

/** The ids of the given groups and of every group under them. */
export function subtreeIds(groups: readonly Group[], roots: Iterable<string>): Set<string> {
  const children = childrenByParent(groups)
  const out = new Set<string>()
  const stack = [...roots]
  while (stack.length > 0) {
    const id = stack.pop()!
    if (out.has(id)) continue
    out.add(id)
    for (const child of children.get(id) ?? []) stack.push(child.id)
  }
  return out
}

/** How many levels a group and its sub-groups span: 1 for a group without sub-groups. */
export function heightOf(groups: readonly Group[], id: string): number {
  const children = childrenByParent(groups)
  const height = (gid: string, seen: Set<string>): number => {
    if (seen.has(gid)) return 0
    seen.add(gid)
    return 1 + Math.max(0, ...(children.get(gid) ?? []).map((c) => height(c.id, seen)))
  }
  return height(id, new Set())
}

/** The depth a group at `parentId` would have: 1 at the top level. */
export const depthUnder = (groups: readonly Group[], parentId: string | null): number =>
  parentId === null ? 1 : ancestorsOf(groups, parentId).length + 2

/**
 * Refuses to put `id` (with everything under it) under `parentId`: not under itself or one of its
 * own sub-groups (the tree would become a loop), and not deeper than MAX_GROUP_DEPTH. A new group
 * (not yet in `groups`) has height 1.
 */
export function checkPlacement(groups: readonly Group[], id: string, parentId: string | null) {
  if (parentId !== null && subtreeIds(groups, [id]).has(parentId))
    throw invalid('group_cycle', {}, [field('parentId', 'group_cycle')])
  const depth = depthUnder(groups, parentId) + heightOf(groups, id) - 1
  if (depth > MAX_GROUP_DEPTH) {
    const params = { max: MAX_GROUP_DEPTH, depth }
    throw invalid('group_too_deep', params, [field('parentId', 'group_too_deep', params)])
  }
}

/** The groups in tree order (depth first, siblings by name), each with its depth (1 at the top). */
export function treeOrder(
  groups: readonly Group[],
  roots?: ReadonlySet<string>,
): (Group & { depth: number })[] {
  const children = childrenByParent(groups)
  const out: (Group & { depth: number })[] = []
  const visit = (g: Group, depth: number) => {
    out.push({ ...g, depth })
    for (const child of children.get(g.id) ?? []) visit(child, depth + 1)
  }
  const tops = roots
    ? groups.filter((g) => roots.has(g.id)).sort(byName)
    : (children.get(null) ?? [])
  for (const g of tops) visit(g, 1)
  return out
}

/** The names from the top down to the group, as a CSV path: "Acme / Engineering". */
export function pathOf(groups: readonly Group[], id: string): string {
  const group = groups.find((g) => g.id === id)
  if (!group) return ''
  return [...ancestorsOf(groups, id).reverse(), group].map((g) => g.name).join(PATH_SEPARATOR)
}
