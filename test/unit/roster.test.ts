import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { listMembers } from '../../src/db/members'
import { OPERATOR } from '../../src/domain/actor'
import { AppError } from '../../src/domain/errors'
import { checkMember, type CheckedMember, type MemberInput } from '../../src/domain/roster'
import { onCsvLines, parseRosterCsv, rosterCsv } from '../../src/formats/roster-csv'
import { importRoster } from '../../src/services/rosters'
import { createTeam } from '../../src/services/teams'
import { testApp } from '../helpers/app'

/** Text that tries CSV and spreadsheets: separators, quotes, formula signs, `'`, any script. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom('=', '+', '-', '@', "'", '"', ',', ';', ' ', '\t', '\n', '\r', '5', '.'),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''))

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })

/** What an admin might enter for a member, valid or not. */
const memberInput: fc.Arbitrary<MemberInput> = fc.record(
  {
    email: fc.oneof(
      fc.emailAddress(),
      fc.emailAddress().map((e) => ` ${e.toUpperCase()} `),
      fc.constantFrom('=cmd@example.org', "'@x@example.org", 'a@example.org', '', null),
      tricky,
    ),
    name: fc.oneof(tricky, fc.constantFrom(null, '', 'Sam', "'=1+1", '-5', '@Sam')),
    locale: fc.constantFrom('en', 'de', 'DE', ' en ', '', null, 'fr'),
  },
  { requiredKeys: [] },
)

const shape = (m: CheckedMember) => [m.email, m.name, m.locale]

describe('checkMember', () => {
  it('never throws anything but an AppError naming fields', () => {
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary', minLength: 90, maxLength: 400 }),
      tricky,
    )
    fc.assert(
      fc.property(
        fc.record({
          email: optional(fc.option(anyText, { nil: null })),
          name: optional(fc.option(anyText, { nil: null })),
          locale: optional(fc.option(anyText, { nil: null })),
        }),
        fc.constantFrom('', 'members.3'),
        (input, prefix) => {
          try {
            const checked = checkMember(input, prefix)
            expect(checked.email ?? checked.name).not.toBeNull()
            expect(['en', 'de']).toContain(checked.locale)
          } catch (err) {
            expect(err).toBeInstanceOf(AppError)
            const fields = (err as AppError).fields
            expect(fields.length).toBeGreaterThan(0)
            for (const f of fields) expect(f.path.startsWith(prefix)).toBe(true)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})

describe('a roster CSV', () => {
  it('reads back exactly what was written, for any valid members', () => {
    fc.assert(
      fc.property(fc.array(memberInput, { maxLength: 30 }), (inputs) => {
        const members = inputs.flatMap((input) => {
          try {
            return [checkMember(input)]
          } catch {
            return []
          }
        })
        fc.pre(members.length > 0)
        const { members: read, lines } = parseRosterCsv(rosterCsv(members))
        expect(read.map((m) => shape(checkMember(m)))).toEqual(members.map(shape))
        // One member a line after the header: problems point at the right line.
        expect(lines).toEqual(members.map((_, i) => i + 2))
      }),
      { numRuns: 1000 },
    )
  })

  it('is read without a crash, whatever the text: members or a 400', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          tricky.map((t) => `email;name\n${t}`),
          tricky.map((t) => `name,email,language\n${t}\n${t}`),
        ),
        (text) => {
          try {
            const { members, lines } = parseRosterCsv(text)
            expect(lines).toHaveLength(members.length)
          } catch (err) {
            expect(err).toBeInstanceOf(AppError)
            expect((err as AppError).code).toBe('invalid_input')
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})

describe('importing a roster', () => {
  it('then exporting and importing again gives the same roster, and changes nothing', async () => {
    const t = await testApp()
    const lines = async (teamId: string) => (await listMembers(t.deps.db, teamId)).map(shape)
    await fc.assert(
      fc.asyncProperty(fc.array(memberInput, { maxLength: 12 }), async (inputs) => {
        const team = await createTeam(t.deps, OPERATOR, 'Round trip')
        let imported
        try {
          imported = await importRoster(t.deps, OPERATOR, team.id, inputs)
        } catch (err) {
          // Refused as a whole, for a reason a person can act on.
          expect(err).toBeInstanceOf(AppError)
          expect((err as AppError).fields.length).toBeGreaterThan(0)
          expect(await lines(team.id)).toEqual([])
          return
        }
        const roster = imported.members.map(shape)
        if (roster.length === 0) return
        const csv = rosterCsv(imported.members)
        const parsed = parseRosterCsv(csv)

        const again = await importRoster(t.deps, OPERATOR, team.id, parsed.members, {
          replace: true,
        }).catch((err: unknown) => {
          throw onCsvLines(err, parsed.lines)
        })
        expect(again).toMatchObject({ added: 0, updated: 0, removed: 0 })
        expect(await lines(team.id)).toEqual(roster)

        const copy = await createTeam(t.deps, OPERATOR, 'Copy')
        await importRoster(t.deps, OPERATOR, copy.id, parsed.members)
        expect(await lines(copy.id)).toEqual(roster)
      }),
      { numRuns: 150 },
    )
  })
})

describe('roster CSV columns', () => {
  it('reads common names of the address column, and refuses a file whose addresses it would drop', async () => {
    const { parseRosterCsv } = await import('../../src/formats/roster-csv')
    expect(parseRosterCsv('E-Mail Address;Name\na@example.org;A\n').members).toEqual([
      { email: 'a@example.org', name: 'A' },
    ])
    expect(parseRosterCsv('mail,name\na@example.org,A\n').members[0]).toMatchObject({
      email: 'a@example.org',
    })
    expect(() => parseRosterCsv('address,name\na@example.org,A\n')).toThrow(
      /no email column, and columns we do not read: "address"/,
    )
    // With an address column, other columns (an HR export's) are ignored.
    expect(parseRosterCsv('email,department\na@example.org,Ops\n').members).toEqual([
      { email: 'a@example.org' },
    ])
  })
})

describe('links left to make by hand', () => {
  it('is exactly what the two link rules let through', async () => {
    const { checkByHandRoom, checkLinkRoom, linksLeftByHand } =
      await import('../../src/domain/roster')
    const fc = (await import('fast-check')).default
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (teamSize, withoutAddressRaw, extraLinks, linksRaw, mail) => {
          const withoutAddress = Math.min(withoutAddressRaw, teamSize)
          const links = Math.min(linksRaw, teamSize + extraLinks)
          const byHand = Math.min(links, withoutAddress + extraLinks)
          const r = { links, byHand, teamSize, extraLinks, withoutAddress, mail }
          const left = linksLeftByHand(r)
          const passes = (adding: number) => {
            try {
              checkLinkRoom({ invited: links, extraLinks }, teamSize, adding)
              if (mail) checkByHandRoom({ byHand, extraLinks }, withoutAddress, adding)
              return true
            } catch {
              return false
            }
          }
          expect(passes(left)).toBe(true)
          expect(passes(left + 1)).toBe(false)
        },
      ),
    )
  })
})
