import { randomBytes } from 'node:crypto'
import { expectStatus, request, type Reply } from './client'

/** One invitation: the round it belongs to and the secret from its link. */
export interface Link {
  roundId: string
  secret: string
}

/** What the benchmark needs of a survey, as `GET /api/public/rounds/{id}` returns it. */
interface SurveyShape {
  items: { id: string; scale?: string }[]
  scales: { id: string; points: { value: number | string }[] }[]
  questions?: { id: string }[]
}

const MAX_PER_CALL = 1000
const FAR_FUTURE = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString()

/** Quorum's HTTP API as an admin with an API token uses it: black-box, nothing from src/. */
export class QuorumApi {
  constructor(
    readonly base: string,
    private token = '',
  ) {}

  /** The same admin, talking to a restarted server. */
  at(base: string): QuorumApi {
    return new QuorumApi(base, this.token)
  }

  private call(method: string, path: string, body?: unknown): Promise<Reply> {
    return request(this.base, method, path, { body, token: this.token })
  }

  /** Creates the first admin with the set-up token, signs in and makes an API token. */
  async signUp(setupToken: string): Promise<void> {
    const admin = { email: 'bench@example.org', password: randomBytes(18).toString('base64url') }
    const setup = { token: setupToken, name: 'Bench', ...admin }
    expectStatus(await request(this.base, 'POST', '/api/setup', { body: setup }), 201, 'setup')
    const session = await request(this.base, 'POST', '/api/session', { body: admin })
    expectStatus(session, 200, 'sign-in')
    const cookie = (session.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
    const created = await request(this.base, 'POST', '/api/tokens', {
      body: { name: 'bench' },
      cookie,
    })
    this.token = expectStatus<{ token: string }>(created, 201, 'creating an API token').token
  }

  /**
   * A team with a roster of MAX_PER_CALL people by name (links by hand): a round may have as
   * many links as the roster has people (P6b), and the benchmark opens rounds of that size.
   */
  async createTeam(name: string): Promise<string> {
    const reply = await this.call('POST', '/api/teams', { name })
    const id = expectStatus<{ team: { id: string } }>(reply, 201, 'creating a team').team.id
    const members = Array.from({ length: MAX_PER_CALL }, (_, i) => ({ name: `Person ${i + 1}` }))
    const roster = await this.call('POST', `/api/teams/${id}/members/import`, { members })
    expectStatus(roster, 200, 'filling the roster')
    return id
  }

  /** Opens a round of the psychological-safety survey with `invitations` links. */
  async openRound(teamId: string, k: number, invitations: number): Promise<Link[]> {
    const body = { surveyId: 'psychological-safety', k, closesAt: FAR_FUTURE(), invitations }
    const reply = await this.call('POST', `/api/teams/${teamId}/rounds`, body)
    const opened = expectStatus<{ round: { id: string }; links: { secret: string }[] }>(
      reply,
      201,
      'opening a round',
    )
    return opened.links.map((l) => ({ roundId: opened.round.id, secret: l.secret }))
  }

  async mint(roundId: string, count: number): Promise<Link[]> {
    const reply = await this.call('POST', `/api/rounds/${roundId}/invitations`, { count })
    const minted = expectStatus<{ links: { secret: string }[] }>(reply, 201, 'minting links')
    return minted.links.map((l) => ({ roundId, secret: l.secret }))
  }

  async survey(roundId: string): Promise<SurveyShape> {
    const reply = await request(this.base, 'GET', `/api/public/rounds/${roundId}`)
    return expectStatus<{ survey: SurveyShape }>(reply, 200, 'reading the survey').survey
  }

  /** Submits as a respondent does: no token, only the secret from the link. */
  submit(link: Link, body: string): Promise<Reply> {
    return request(this.base, 'POST', `/api/public/rounds/${link.roundId}/responses`, {
      body: JSON.parse(body) as unknown,
    })
  }

  close(roundId: string): Promise<Reply> {
    return this.call('POST', `/api/rounds/${roundId}/close`)
  }

  me(): Promise<Reply> {
    return this.call('GET', '/api/me')
  }

  trend(teamId: string): Promise<Reply> {
    return this.call('GET', `/api/teams/${teamId}/trend`)
  }
}

/**
 * `count` links in rounds of `perRound` (one API call each), interleaved so that consecutive
 * submissions go to different rounds, as they would with many teams answering at once.
 */
export async function mintLinks(
  api: QuorumApi,
  teamId: string,
  count: number,
  progress: (done: number, total: number) => void,
  perRound = MAX_PER_CALL,
): Promise<Link[]> {
  const rounds: Link[][] = []
  for (let done = 0; done < count;) {
    const n = Math.min(perRound, MAX_PER_CALL, count - done)
    rounds.push(await api.openRound(teamId, 3, n))
    done += n
    progress(done, count)
  }
  const links: Link[] = []
  for (let i = 0; i < perRound; i++)
    for (const round of rounds) {
      const link = round[i]
      if (link) links.push(link)
    }
  return links
}

const COMMENT = 'We could agree on how we review each other work before the next planning. '

/**
 * Makes submission bodies: every item answered with a value from its scale and, if the survey
 * has a comment question and `targetBytes` leaves room, a comment filling the body up to that
 * size (0: no comment). The same maker, with a made-up secret of the same length, feeds the echo
 * server so both see the same bytes.
 */
export function bodyMaker(survey: SurveyShape, targetBytes: number) {
  const values = new Map(survey.scales.map((s) => [s.id, s.points.map((p) => p.value)]))
  const firstScale = survey.scales[0]?.id ?? ''
  const answers = () =>
    Object.fromEntries(
      survey.items.map((item) => {
        const points = values.get(item.scale ?? firstScale) ?? [1]
        return [item.id, points[Math.floor(Math.random() * points.length)]]
      }),
    )
  const questionId = survey.questions?.[0]?.id
  return (secret: string): string => {
    const given = answers()
    const bare = JSON.stringify({ secret, answers: given })
    if (!questionId) return bare
    // Adding `,"comments":{"id":""}` costs one byte less than that object on its own.
    const empty = JSON.stringify({ comments: { [questionId]: '' } }).length - 1
    const room = targetBytes - bare.length - empty
    if (room <= 0) return bare
    const text = COMMENT.repeat(Math.ceil(room / COMMENT.length)).slice(0, room)
    return JSON.stringify({ secret, answers: given, comments: { [questionId]: text } })
  }
}

/** A made-up secret shaped like Quorum's (256 bits, base64url), for the echo server. */
export const fakeSecret = (): string => randomBytes(32).toString('base64url')

/** Submission requests that use each link once, and how many links are left. */
export function linkPool(links: Link[], makeBody: (secret: string) => string) {
  let used = 0
  return {
    remaining: () => links.length - used,
    next: () => {
      // Callers keep within `remaining()`; should they not, the 404s show in the statuses.
      const link = links[used++] ?? { roundId: 'pool-exhausted', secret: fakeSecret() }
      return { path: `/api/public/rounds/${link.roundId}/responses`, body: makeBody(link.secret) }
    },
  }
}
