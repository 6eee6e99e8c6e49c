import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import type { Heatmap, HeatmapCell } from '../../../src/domain/heatmap'
import { heatmapCsv } from '../../../src/formats/campaign-csv'

const score = (dimension: string, mean: number) => ({
  dimension,
  mean,
  low: mean - 0.5,
  high: mean + 0.5,
  favourablePercent: 60,
})

const cell = (
  id: string,
  parentId: string | null,
  depth: number,
  status: HeatmapCell['status'],
  name = id,
): HeatmapCell => {
  const shown = status === 'published'
  return {
    id,
    name,
    kind: parentId === null || id.startsWith('g') ? 'group' : 'team',
    parentId,
    depth,
    status,
    respondents: shown ? 12 : null,
    responseRate: shown ? 80 : null,
    scores: shown ? [score('safety', 3.25), score('trust', -0.5)] : [],
  }
}

const map: Heatmap = {
  campaign: {
    id: 'c1',
    name: 'Spring pulse',
    groupId: 'g0',
    groupName: 'Acme',
    surveyId: 'psychological-safety',
    surveyVersion: 1,
    k: 3,
    opensAt: '2026-03-02T09:00:00.000Z',
    closesAt: '2026-03-09T09:00:00.000Z',
    status: 'released',
    teams: 4,
    releasedOn: '2026-03-09',
  },
  scale: { min: 1, max: 5, favourableFrom: 4 },
  dimensions: [
    { id: 'safety', title: 'Safety' },
    { id: 'trust', title: 'Trust' },
  ],
  cells: [
    cell('g0', null, 0, 'published', 'Acme'),
    cell('g1', 'g0', 1, 'published', 'Engineering, R&D'),
    cell('t1', 'g1', 2, 'published', 'Platform 7'),
    cell('t2', 'g1', 2, 'fewer_than_k', 'Team 2'),
    cell('t3', 'g1', 2, 'protects_smaller', '=HYPERLINK("x")'),
  ],
}

const rows = () => parse(heatmapCsv(map), { bom: true }) as string[][]

describe('heatmapCsv', () => {
  it('has a row per cell, named by its path, with numbers per dimension', () => {
    const [header, ...body] = rows()
    expect(header).toEqual([
      'path',
      'kind',
      'status',
      'respondents',
      'response_rate_percent',
      'safety_mean',
      'safety_ci_low',
      'safety_ci_high',
      'safety_favourable_percent',
      'trust_mean',
      'trust_ci_low',
      'trust_ci_high',
      'trust_favourable_percent',
    ])
    expect(body.map((r) => r.slice(0, 3))).toEqual([
      ['Acme', 'group', 'published'],
      ['Acme / Engineering, R&D', 'group', 'published'],
      ['Acme / Engineering, R&D / Platform 7', 'team', 'published'],
      ['Acme / Engineering, R&D / Team 2', 'team', 'fewer than k'],
      ['Acme / Engineering, R&D / =HYPERLINK("x")', 'team', 'withheld to protect a smaller group'],
    ])
    expect(body[2]!.slice(3)).toEqual([
      '12',
      '80',
      '3.25',
      '2.75',
      '3.75',
      '60',
      '-0.5',
      '-1',
      '0',
      '60',
    ])
  })

  it('leaves every number column of a withheld cell empty: no digit at all', () => {
    const withheld = rows()
      .slice(1)
      .filter((r) => r[2] !== 'published')
    expect(withheld).toHaveLength(2)
    for (const row of withheld) {
      expect(row).toHaveLength(13)
      for (const value of row.slice(3)) expect(value).not.toMatch(/\d/)
      expect(row.slice(3).join('')).toBe('')
    }
  })

  it('neutralises a name a spreadsheet would run as a formula', () => {
    const top = { ...map, cells: [cell('g0', null, 0, 'protects_smaller', '=cmd|x')] }
    const [, row] = parse(heatmapCsv(top), { bom: true }) as string[][]
    expect(row![0]).toBe("'=cmd|x")
  })
})
