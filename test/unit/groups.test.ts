import { describe, expect, it } from 'vitest'
import { AppError } from '../../src/domain/errors'
import {
  ancestorsOf,
  checkGroupName,
  checkPlacement,
  MAX_GROUP_DEPTH,
  pathOf,
  subtreeIds,
  treeOrder,
  type Group,
} from '../../src/domain/groups'
import { parseGroupsCsv } from '../../src/formats/groups-csv'

const g = (id: string, parentId: string | null = null, name = id.toUpperCase()): Group => ({
  id,
  name,
  parentId,
})

/** a › b › c, a › d, and e at the top. */
const tree = [g('a'), g('b', 'a'), g('c', 'b'), g('d', 'a'), g('e')]

const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (err) {
    if (err instanceof AppError) return { key: err.key, path: err.fields[0]?.path }
    throw err
  }
  return undefined
}

describe('the tree of groups', () => {
  it('orders groups depth first, siblings by name, and writes their paths', () => {
    expect(treeOrder(tree).map((x) => `${x.depth}${x.id}`)).toEqual(['1a', '2b', '3c', '2d', '1e'])
    expect(treeOrder(tree, new Set(['b', 'e'])).map((x) => `${x.depth}${x.id}`)).toEqual([
      '1b',
      '2c',
      '1e',
    ])
    expect(pathOf(tree, 'c')).toBe('A / B / C')
    expect(ancestorsOf(tree, 'c').map((x) => x.id)).toEqual(['b', 'a'])
    expect([...subtreeIds(tree, ['a'])].sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('refuses a move under the group itself or anything under it', () => {
    for (const parent of ['a', 'b', 'c', 'd'])
      expect(refusal(() => checkPlacement(tree, 'a', parent))).toEqual({
        key: 'group_cycle',
        path: 'parentId',
      })
    expect(refusal(() => checkPlacement(tree, 'b', 'e'))).toBeUndefined()
    expect(refusal(() => checkPlacement(tree, 'c', null))).toBeUndefined()
  })

  it('keeps the tree at most 10 levels deep, counting what moves along', () => {
    const chain = Array.from({ length: MAX_GROUP_DEPTH }, (_, i) =>
      g(`l${i}`, i ? `l${i - 1}` : null),
    )
    expect(refusal(() => checkPlacement(chain, 'new', 'l8'))).toBeUndefined()
    expect(refusal(() => checkPlacement(chain, 'new', 'l9'))?.key).toBe('group_too_deep')
    // a (3 levels: a › b › c) under l6 would reach depth 7 + 3 = 10; under l7, 11.
    const both = [...chain, ...tree]
    expect(refusal(() => checkPlacement(both, 'a', 'l6'))).toBeUndefined()
    expect(refusal(() => checkPlacement(both, 'a', 'l7'))?.key).toBe('group_too_deep')
  })

  it('takes plain names of 1 to 100 characters without a slash', () => {
    expect(checkGroupName('  Engineering ')).toBe('Engineering')
    for (const bad of ['', '  ', 'x'.repeat(101), 'R/D', 'a\tb', 'a\u202eb'])
      expect(refusal(() => checkGroupName(bad))?.key, bad).toBe('group_name')
  })
})

describe('reading a groups CSV', () => {
  it('splits paths, reads the team column and names each line', () => {
    const rows = parseGroupsCsv('\uFEFFPath;Team\n\nAcme / Eng ;API\n"Acme/Sales";\n')
    expect(rows).toEqual([
      { path: ['Acme', 'Eng'], team: 'API', line: 3 },
      { path: ['Acme', 'Sales'], team: null, line: 4 },
    ])
    expect(parseGroupsCsv('group\tteam\nA\t\n')).toEqual([{ path: ['A'], team: null, line: 2 }])
  })

  it('refuses a file without a path column or without lines', () => {
    expect(refusal(() => parseGroupsCsv('team\nAPI'))?.key).toBe('groups_csv')
    expect(refusal(() => parseGroupsCsv('path,path\nA,B'))?.key).toBe('groups_csv')
    expect(refusal(() => parseGroupsCsv('path\n'))?.key).toBe('groups_csv')
  })
})
