import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  answersFor,
  builtinSurvey,
  teamWithFacilitator,
  testApp,
  type TestApp,
} from '../helpers/app'
import { countRows, dumpDatabase } from '../helpers/db'

const SURVEY = 'psychological-safety'
const ITEMS = builtinSurvey(SURVEY).items.map((item) => item.id)
const secretOf = (url: string) => url.split('#')[1]!
const paths = (res: { json: any }) =>
  (res.json.error.fields as { path: string }[]).map((f) => f.path).sort()

/** A team with an open round (k 3, closing in a week) and its invitation secrets. */
async function openRound(invitations = 4, extra: Record<string, unknown> = {}) {
  const t = await testApp()
  const { admin, facilitator, team } = await teamWithFacilitator(t)
  const res = await t.call('POST', `/api/teams/${team.id}/rounds`, {
    auth: facilitator.token,
    body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations, ...extra },
  })
  expect(res.status, res.text).toBe(201)
  const secrets: string[] = res.json.links.map((l: { url: string }) => secretOf(l.url))
  return { t, admin, facilitator, team, round: res.json.round, secrets }
}

const submit = (t: TestApp, roundId: string, body: unknown) =>
  t.call('POST', `/api/public/rounds/${roundId}/responses`, { body })

describe('request bodies', () => {
  it('malformed JSON is a 400 invalid_json everywhere and changes nothing', async () => {
    const { t, facilitator, team, round } = await openRound()
    const before = dumpDatabase(t)
    for (const [method, path] of [
      ['POST', '/api/session'],
      ['POST', `/api/teams/${team.id}/rounds`],
      ['PATCH', `/api/rounds/${round.id}`],
      ['POST', `/api/public/rounds/${round.id}/responses`],
      ['POST', '/api/surveys'],
    ] as const) {
      for (const body of ['{"k": 4', "{'k': 4}", '', 'undefined']) {
        const res = await t.call(method, path, { auth: facilitator.token, body })
        expect(res.status, `${method} ${path} ${body}`).toBe(400)
        expect(res.json.error).toEqual({
          code: 'invalid_json',
          message: 'The request body is not valid JSON.',
        })
      }
    }
    expect(dumpDatabase(t)).toBe(before)
  })

  it('a body that is not declared as JSON is refused with 415 saying what to send', async () => {
    const { t, round, secrets } = await openRound()
    const valid = JSON.stringify({ secret: secrets[0], answers: answersFor(SURVEY, 5) })
    const before = dumpDatabase(t)
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const res = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
        body: valid,
        headers: { 'content-type': type },
      })
      expect(res.status, type).toBe(415)
      expect(res.json.error.code).toBe('unsupported_media_type')
      expect(res.json.error.message).toContain('application/json')
    }
    expect(dumpDatabase(t)).toBe(before)
    // The same body labelled as JSON is fine (also with a charset).
    const ok = await t.call('POST', `/api/public/rounds/${round.id}/responses`, {
      body: valid,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
    expect(ok.status).toBe(201)
  })

  it('a body over 512 KB is a 413 and changes nothing', async () => {
    const { t, facilitator, team, round, secrets } = await openRound()
    const before = dumpDatabase(t)
    const huge = 'x'.repeat(513 * 1024)
    const submitted = await submit(t, round.id, {
      secret: secrets[0],
      answers: answersFor(SURVEY, 5),
      comments: { comment: huge },
    })
    expect(submitted.status).toBe(413)
    expect(submitted.json.error).toEqual({
      code: 'too_large',
      message: 'The request body is larger than 512 KB.',
    })
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: huge, closesAt: '2026-03-09T17:00:00Z', invitations: 1 },
    })
    expect(opened.status).toBe(413)
    expect(dumpDatabase(t)).toBe(before)
    expect(
      (await submit(t, round.id, { secret: secrets[0], answers: answersFor(SURVEY, 5) })).status,
    ).toBe(201)
  })
})

describe('opening a round', () => {
  const valid = {
    surveyId: SURVEY,
    k: 3,
    closesAt: '2026-03-09T17:00:00Z',
    invitations: 3,
  }

  it('names each bad field and opens nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const open = (body: unknown) =>
      t.call('POST', `/api/teams/${team.id}/rounds`, { auth: facilitator.token, body })
    const cases: [unknown, string[]][] = [
      [{ ...valid, k: 2 }, ['k']],
      [{ ...valid, k: 3.5 }, ['k']],
      [{ ...valid, k: '5' }, ['k']],
      [{ ...valid, closesAt: '2026-03-01T17:00:00Z' }, ['closesAt']],
      [
        { ...valid, opensAt: '2026-03-12T09:00:00Z', closesAt: '2026-03-10T09:00:00Z' },
        ['closesAt'],
      ],
      [{ ...valid, closesAt: 'next friday' }, ['closesAt']],
      [{ ...valid, closesAt: undefined }, ['closesAt']],
      [{ ...valid, invitations: 5000 }, ['invitations']],
      [{ ...valid, invitations: -1 }, ['invitations']],
      [{ ...valid, k: 1, invitations: 5000 }, ['invitations', 'k']],
      [{}, ['closesAt', 'surveyId']],
    ]
    for (const [body, fields] of cases) {
      const res = await open(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(paths(res), JSON.stringify(body)).toEqual(fields)
      expect(res.json.error.message).toEqual(expect.stringMatching(/\w/))
    }
    const unknown = await open({ ...valid, surveyId: 'no-such-survey' })
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.message).toContain('no-such-survey')
    const version = await open({ ...valid, surveyVersion: 9 })
    expect(version.status).toBe(404)
    expect(version.json.error.message).toContain('version 9')
    expect(countRows(t, 'rounds')).toBe(0)
    expect(countRows(t, 'ballots')).toBe(0)
    expect((await open(valid)).status).toBe(201)
  })
})

describe('k (P3)', () => {
  it('can be raised while open, never lowered, and not changed after closing', async () => {
    const { t, facilitator, round } = await openRound(4, { k: 5 })
    const patch = (k: unknown) =>
      t.call('PATCH', `/api/rounds/${round.id}`, { auth: facilitator.token, body: { k } })
    const get = async () =>
      (await t.call('GET', `/api/rounds/${round.id}`, { auth: facilitator.token })).json.round

    const lower = await patch(4)
    expect(lower.status).toBe(409)
    expect(lower.json.error.code).toBe('k_lowered')
    expect(lower.json.error.fields).toEqual([{ path: 'k', message: 'at least 5' }])
    expect((await patch(2)).status).toBe(400)
    expect((await get()).k).toBe(5)

    const raised = await patch(12)
    expect(raised.status).toBe(200)
    expect(raised.json.round.k).toBe(12)
    // P4: the comment minimum is never below k.
    expect(raised.json.round.commentMinimum).toBe(12)
    expect((await patch(11)).json.error.code).toBe('k_lowered')
    expect((await get()).k).toBe(12)

    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    const closed = await patch(20)
    expect(closed.status).toBe(409)
    expect(closed.json.error.code).toBe('round_closed')
    expect((await get()).k).toBe(12)
  })

  it('cannot be lowered by closing time passing either', async () => {
    const { t, facilitator, round } = await openRound()
    t.clock.set('2026-03-10T00:00:00Z')
    const res = await t.call('PATCH', `/api/rounds/${round.id}`, {
      auth: facilitator.token,
      body: { k: 8 },
    })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('round_closed')
  })
})

describe('submitting answers', () => {
  it('reports every problem under its field, stores nothing and leaves the link usable', async () => {
    const { t, round, secrets } = await openRound()
    const answers: Record<string, unknown> = answersFor(SURVEY, 4)
    delete answers[ITEMS[0]!]
    answers[ITEMS[1]!] = 8
    answers[ITEMS[2]!] = 3.5
    answers[ITEMS[3]!] = '4'
    answers[ITEMS[4]!] = null
    answers['not-a-question'] = 4
    const before = dumpDatabase(t)
    const res = await submit(t, round.id, {
      secret: secrets[0],
      answers,
      comments: { comment: 'y'.repeat(1001), 'no-such-question': 'hello' },
    })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('invalid_answers')
    expect(paths(res)).toEqual(
      [
        ...ITEMS.slice(0, 5).map((id) => `answers.${id}`),
        'answers.not-a-question',
        'comments.comment',
        'comments.no-such-question',
      ].sort(),
    )
    const byPath = Object.fromEntries(
      res.json.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
    )
    expect(byPath[`answers.${ITEMS[0]}`]).toMatch(/needs an answer/)
    expect(byPath[`answers.${ITEMS[1]}`]).toBe('Choose one of 1, 2, 3, 4, 5, 6, 7.')
    expect(byPath['comments.comment']).toMatch(/1000 characters/)
    expect(dumpDatabase(t)).toBe(before)

    const ok = await submit(t, round.id, {
      secret: secrets[0],
      answers: answersFor(SURVEY, 4),
      comments: { comment: 'z'.repeat(1000) },
    })
    expect(ok.status, ok.text).toBe(201)
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(1)
  })

  it('refuses a missing or malformed secret by field', async () => {
    const { t, round } = await openRound()
    const res = await submit(t, round.id, { secret: 'short', answers: answersFor(SURVEY, 4) })
    expect(res.status).toBe(400)
    expect(paths(res)).toEqual(['secret'])
    expect(res.json.error.message).toContain('paste the whole code')
    expect(paths(await submit(t, round.id, { answers: answersFor(SURVEY, 4) }))).toEqual(['secret'])
  })

  it('waits for a scheduled round without using up the link', async () => {
    const { t, round, secrets } = await openRound(2, { opensAt: '2026-03-03T09:00:00Z' })
    expect(round.status).toBe('scheduled')
    const body = { secret: secrets[0], answers: answersFor(SURVEY, 6) }
    const early = await submit(t, round.id, body)
    expect(early.status).toBe(409)
    expect(early.json.error.code).toBe('round_not_open')
    expect(early.json.error.message).toContain('2026-03-03T09:00:00.000Z')
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(0)
    t.clock.set('2026-03-03T09:00:00Z')
    expect((await submit(t, round.id, body)).status).toBe(201)
  })

  it('tells apart unknown rounds, unknown links, used links and closed rounds', async () => {
    const { t, facilitator, round, secrets } = await openRound(3)
    const answers = answersFor(SURVEY, 5)

    const missing = await submit(t, 'no-such-round', { secret: secrets[0], answers })
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('not_found')

    const unknown = await submit(t, round.id, { secret: 'x'.repeat(43), answers })
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.code).toBe('unknown_link')
    expect(unknown.json.error.message).toMatch(/whole link/)

    expect((await submit(t, round.id, { secret: secrets[0], answers })).status).toBe(201)
    const used = await submit(t, round.id, { secret: secrets[0], answers })
    expect(used.status).toBe(409)
    expect(used.json.error.code).toBe('link_used')
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(1)

    await t.call('POST', `/api/rounds/${round.id}/close`, { auth: facilitator.token })
    const closed = await submit(t, round.id, { secret: secrets[1], answers })
    expect(closed.status).toBe(410)
    expect(closed.json.error.code).toBe('round_closed')
    // Released: one respondent counted, and every ballot erased.
    expect(countRows(t, 'round_results', 'respondents = 1')).toBe(1)
    expect(countRows(t, 'ballots')).toBe(0)
  })

  it('a link works only for its own round', async () => {
    const { t, facilitator, team, round, secrets } = await openRound(1)
    const other = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: SURVEY, k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: 1 },
    })
    const res = await submit(t, other.json.round.id, {
      secret: secrets[0],
      answers: answersFor(SURVEY, 5),
    })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('unknown_link')
    expect(
      (await submit(t, round.id, { secret: secrets[0], answers: answersFor(SURVEY, 5) })).status,
    ).toBe(201)
  })

  it('closes on time by itself: a submission after closesAt is 410', async () => {
    const { t, round, secrets } = await openRound()
    t.clock.set('2026-03-09T17:00:00Z')
    const res = await submit(t, round.id, { secret: secrets[0], answers: answersFor(SURVEY, 5) })
    expect(res.status).toBe(410)
    expect(countRows(t, 'ballots', 'filled = 1')).toBe(0)
  })
})

const retro = (itemText = 'Our retros are useful.', version = 1, id = 'retro-pulse') => ({
  id,
  version,
  locales: ['en', 'de'],
  title: { en: 'Retro pulse', de: 'Retro-Puls' },
  scales: [
    {
      id: 'agree',
      points: [
        { value: 1, label: { en: 'No', de: 'Nein' } },
        { value: 2, label: { en: 'Somewhat', de: 'Teils' } },
        { value: 3, label: { en: 'Yes', de: 'Ja' } },
      ],
      favourableFrom: 3,
    },
  ],
  dimensions: [{ id: 'retros', title: { en: 'Retros', de: 'Retros' } }],
  items: [
    { id: 'useful', text: { en: itemText, de: 'Unsere Retros lohnen sich.' }, dimension: 'retros' },
  ],
})

describe('custom surveys', () => {
  it('a broken definition is refused with a path for each problem', async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const broken = retro()
    broken.items[0]!.text = { en: 'Only English' } as never
    broken.scales[0]!.favourableFrom = 9
    broken.items.push({ id: 'Bad Id', text: { en: 'x', de: 'x' }, dimension: 'nowhere' })
    const before = dumpDatabase(t)
    const res = await t.call('POST', '/api/surveys', { auth: admin.token, body: broken })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('invalid_survey')
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'items.0.text.de',
        'scales.0.favourableFrom',
        'items.1.id',
        'items.1.dimension',
      ]),
    )
    const de = res.json.error.fields.find((f: { path: string }) => f.path === 'items.0.text.de')
    expect(de.message).toBe('missing "de" text')
    expect(dumpDatabase(t)).toBe(before)
  })

  it('a version is editable until a round uses it; then only a new version works', async () => {
    const t = await testApp()
    const { admin, facilitator, team } = await teamWithFacilitator(t)
    const save = (body: unknown) => t.call('POST', '/api/surveys', { auth: admin.token, body })
    const text = async (query = '') =>
      (await t.call('GET', `/api/surveys/retro-pulse${query}`, { auth: facilitator.token })).json
        .survey.items[0].text.en

    const created = await save(retro())
    expect(created.status, created.text).toBe(201)
    expect(created.json.outcome).toBe('created')
    expect(await text()).toBe('Our retros are useful.')

    expect((await save(retro('Retros help us.'))).json.outcome).toBe('updated')
    expect(await text()).toBe('Retros help us.')
    expect((await save(retro('Retros help us.'))).json.outcome).toBe('unchanged')

    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: 'retro-pulse', k: 3, closesAt: '2026-03-09T17:00:00Z', invitations: 1 },
    })
    expect(opened.status).toBe(201)

    const frozen = await save(retro('Something else entirely.'))
    expect(frozen.status).toBe(409)
    expect(frozen.json.error.code).toBe('survey_version_used')
    expect(frozen.json.error.message).toContain('version 2')
    expect(await text('?version=1')).toBe('Retros help us.')

    const next = await save(retro('Something else entirely.', 2))
    expect(next.status).toBe(201)
    expect(next.json.outcome).toBe('created')
    expect(await text()).toBe('Something else entirely.')
    // The open round still shows respondents the questions it started with.
    const shown = await t.call('GET', `/api/public/rounds/${opened.json.round.id}`)
    expect(shown.json.survey.version).toBe(1)
    expect(shown.json.survey.items[0].text.en).toBe('Retros help us.')
  })

  it("cannot take a built-in survey's id, in any version", async () => {
    const t = await testApp()
    const admin = await t.user('admin')
    const before = dumpDatabase(t)
    for (const version of [1, 2, 99]) {
      const res = await t.call('POST', '/api/surveys', {
        auth: admin.token,
        body: retro('Hijacked', version, SURVEY),
      })
      expect(res.status, `version ${version}`).toBe(409)
      expect(res.json.error.code).toBe('builtin_survey')
    }
    expect(dumpDatabase(t)).toBe(before)
    const builtin = await t.call('GET', `/api/surveys/${SURVEY}`, { auth: admin.token })
    expect(builtin.json.survey.version).toBe(1)
    expect(builtin.json.survey.items.map((i: { id: string }) => i.id)).toEqual(ITEMS)
  })
})

describe('random bodies (property)', () => {
  const jsonText = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.json(),
    fc.string(),
  )
  const value = fc.oneof(
    fc.integer({ min: -3, max: 10 }),
    fc.double(),
    fc.string({ maxLength: 12 }),
    fc.constant(null),
    fc.boolean(),
    fc.jsonValue(),
  )
  // Never a complete answer set (the last item is never answered), so always invalid.
  const submitBody = (secrets: string[]) =>
    fc.record(
      {
        secret: fc.oneof(fc.constantFrom(...secrets), fc.string({ maxLength: 60 }), value),
        answers: fc.oneof(
          fc.dictionary(fc.oneof(fc.constantFrom(...ITEMS.slice(0, -1)), fc.string()), value),
          value,
        ),
        comments: fc.oneof(
          fc.dictionary(fc.constantFrom('comment', 'other'), fc.string({ maxLength: 1200 })),
          value,
        ),
      },
      { requiredKeys: [] },
    )
  // Never a closing time in the future, so always invalid.
  const roundBody = fc.record(
    {
      surveyId: fc.oneof(fc.constantFrom(SURVEY, 'collaboration', 'nope'), value),
      surveyVersion: value,
      k: value,
      opensAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        value,
      ),
      closesAt: fc.oneof(
        fc
          .date({ noInvalidDate: true, max: new Date('2026-03-02T09:00:00Z') })
          .map((d) => d.toISOString()),
        value,
      ),
      invitations: value,
    },
    { requiredKeys: ['closesAt'] },
  )

  it('never cause a 5xx or change anything', async () => {
    const { t, facilitator, team, round, secrets } = await openRound(3)
    const before = dumpDatabase(t)
    const targets = [
      { path: `/api/public/rounds/${round.id}/responses`, auth: undefined },
      { path: `/api/teams/${team.id}/rounds`, auth: facilitator.token },
    ]
    let run = 0
    const check = async (body: string) => {
      t.setAddress(`198.51.100.${run++ % 256}`)
      for (const { path, auth } of targets) {
        const res = await t.call('POST', path, { body, ...(auth ? { auth } : {}) })
        if (res.status < 400 || res.status >= 500)
          throw new Error(`${path} answered ${res.status} to ${body.slice(0, 200)}: ${res.text}`)
        expect(res.json.error.code).toEqual(expect.any(String))
        expect(res.json.error.message).toEqual(expect.any(String))
      }
      expect(dumpDatabase(t)).toBe(before)
    }
    await fc.assert(fc.asyncProperty(jsonText, check), { numRuns: 150 })
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(submitBody(secrets), roundBody).map((b) => JSON.stringify(b)),
        check,
      ),
      { numRuns: 300 },
    )
    expect(t.logs.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })
})

describe('a question named __proto__', () => {
  it('is refused by name in JSON and in the form, like any unknown question', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const opened = await t.call('POST', `/api/teams/${team.id}/rounds`, {
      auth: facilitator.token,
      body: { surveyId: 'psychological-safety', k: 3, closesAt: '2026-03-09T17:00:00Z' },
    })
    const roundId = opened.json.round.id
    const secret = opened.json.links[0].secret
    const json = await t.call('POST', `/api/public/rounds/${roundId}/responses`, {
      body: `{"secret":"${secret}","answers":{"__proto__":3}}`,
    })
    expect(json.status).toBe(400)
    expect(json.json.error.fields.map((f: { path: string }) => f.path)).toContain(
      'answers.__proto__',
    )
    const form = await t.app.request(`/s/${roundId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ secret, 'answers.__proto__': '3' }).toString(),
    })
    expect(form.status).toBe(400)
    expect(await form.text()).toContain('This survey has no such question.')
  })
})

describe('rounds that could never release', () => {
  it('refuses a k above 1000 and a closing time more than a year away, changing nothing', async () => {
    const t = await testApp()
    const { facilitator, team } = await teamWithFacilitator(t)
    const open = (body: Record<string, unknown>) =>
      t.call('POST', `/api/teams/${team.id}/rounds`, {
        auth: facilitator.token,
        body: { surveyId: 'psychological-safety', closesAt: '2026-03-09T17:00:00Z', ...body },
      })
    const far = await open({ closesAt: '9999-12-31T23:59:00Z' })
    expect(far.status).toBe(400)
    expect(far.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['closesAt'])
    expect((await open({ k: 1_000_000 })).status).toBe(400)
    const schedule = await t.call('PUT', `/api/teams/${team.id}/schedule`, {
      auth: facilitator.token,
      body: {
        surveyId: 'psychological-safety',
        k: 1_000_000_000,
        cadence: 'weeks',
        everyWeeks: 1,
        weekday: 1,
        openTime: '09:00',
        openDays: 5,
      },
    })
    expect(schedule.status).toBe(400)
    const rounds = await t.call('GET', `/api/teams/${team.id}/rounds`, { auth: facilitator.token })
    expect(rounds.json.rounds).toEqual([])
  })
})
