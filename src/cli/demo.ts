import { z } from 'zod'
import type { Deps } from '../deps'
import { OPERATOR } from '../domain/actor'
import { findAccount } from '../services/accounts'
import type { SurveyDefinition } from '../domain/survey'
import { createUser } from '../services/auth'
import { submitResponse } from '../services/responses'
import { closeRoundAs } from '../services/release'
import { mintInvitations, openRound } from '../services/opening'
import { addMembers } from '../services/rosters'
import { getSurvey } from '../services/surveys'
import { argFor, defineCommand, opt, UsageError } from './command'
import {
  COMMENTS,
  DEBRIEF_NOTES,
  REORG_NOTE,
  demoAnswers,
  itemOffsets,
  people,
  planRounds,
  seededRandom,
  shuffled,
  type Person,
  type RoundPlan,
} from './demo-data'
import { buildDemoOrg, DEMO_ORG_K } from './demo-org'
import type { Output } from './output'
import { writeDebrief } from '../services/rounds'
import { addGroupLead } from '../services/groups'
import { assignFacilitator, createTeam, listTeamsFor } from '../services/teams'
import { generatePassword } from './users'

export const DEMO_SURVEY = 'psychological-safety'
export const DEMO_FACILITATOR = 'demo@example.org'

const DAY = 86_400_000

/** Round i of n: the 3rd of its month, 09:00 UTC; the last round is last month's. */
function roundStart(i: number, count: number, today: Date): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (count - i), 3, 9, 0, 0))
}

/** A team name not yet taken: the wanted one, else with " 2", " 3", … appended. */
async function freeTeamName(deps: Deps, wanted: string): Promise<string> {
  const taken = new Set((await listTeamsFor(deps, OPERATOR)).map((t) => t.name))
  let name = wanted
  for (let n = 2; taken.has(name); n++) name = `${wanted} ${n}`
  return name
}

/** The demo facilitator, created with a new password (returned once) unless it exists. */
async function demoFacilitator(deps: Deps, teamId: string): Promise<string | undefined> {
  let password: string | undefined
  if (!(await findAccount(deps, OPERATOR, { email: DEMO_FACILITATOR }))) {
    password = generatePassword()
    const name = 'Demo Facilitator'
    await createUser(deps, OPERATOR, {
      email: DEMO_FACILITATOR,
      name,
      role: 'facilitator',
      password,
    })
  }
  await assignFacilitator(deps, OPERATOR, teamId, { email: DEMO_FACILITATOR })
  return password
}

interface DemoTeam {
  deps: Deps
  out: Output
  survey: SurveyDefinition
  teamId: string
  k: number
  pool: Person[]
  offsets: Map<string, number>
  random: () => number
  /** Moves the service clock. */
  setClock(time: number): void
}

/**
 * One round at its own past dates, all through the services: it opens, its links are minted and
 * answered over six days, it closes, and (if it has results) gets a debrief note two days later.
 */
async function playRound(team: DemoTeam, plan: RoundPlan, opens: Date, label: string) {
  const { deps, out, survey, random } = team
  const closes = new Date(opens.getTime() + 7 * DAY + 8 * 3_600_000)
  team.setClock(opens.getTime())
  const { round } = await openRound(deps, OPERATOR, {
    teamId: team.teamId,
    surveyId: survey.id,
    surveyVersion: survey.version,
    k: team.k,
    closesAt: closes.toISOString(),
    invitations: 0,
  })
  const links = await mintInvitations(deps, OPERATOR, round.id, plan.invited)
  // Who answers this month: a random part of the team, each answering in their own way.
  const respondents = shuffled(random, team.pool).slice(0, plan.respondents)
  const comments = shuffled(random, COMMENTS)
  const question = survey.questions[0]?.id
  let commented = 0
  for (const [j, person] of respondents.entries()) {
    team.setClock(opens.getTime() + ((j + 1) / (respondents.length + 1)) * 6 * DAY)
    const writes = question !== undefined && ((plan.talkative && j < 3) || random() < 0.25)
    const comment = writes ? comments.pop() : undefined
    if (comment) commented++
    await submitResponse(deps, round.id, {
      secret: links[j]!.secret,
      answers: demoAnswers(survey, plan.level, person, team.offsets, random),
      comments: comment ? { [question!]: comment } : undefined,
    })
    if (out.tty) out.progress(`${label} … ${j + 1} response${j === 0 ? '' : 's'}`)
  }
  team.setClock(closes.getTime())
  await closeRoundAs(deps, OPERATOR, round.id)
  return {
    roundId: round.id,
    closes,
    commentsShown: commented > 0 && plan.respondents >= round.commentMinimum,
  }
}

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'Fill a new demo team with a year of monthly rounds, and a demo organisation',
  usage: '[--team-name "Demo team"] [--rounds 12] [--respondents 8]',
  details: [
    '',
    'Each run makes a new team (a taken name gets " 2", " 3", … appended). Every round opens,',
    'takes its answers through the real submission path and closes at its own past date; one',
    'round in the middle stays below k, so the trend shows a gap. The facilitator',
    `${DEMO_FACILITATOR} is created with a printed password unless it exists, and assigned.`,
    '--respondents is the usual number of people per round (at least k); every third round',
    'and the last have enough people (COMMENT_MIN) for their comments to be shown.',
    'It also builds an organisation, "Acme" (a taken name gets " 2", …): 38 teams in divisions',
    'and departments, with two released campaigns (k = 5) a few months apart, whose heatmaps',
    `withhold cells of both kinds; ${DEMO_FACILITATOR} leads it, so sees the heatmap.`,
  ],
  options: {
    'team-name': { type: 'string' },
    rounds: { type: 'string' },
    respondents: { type: 'string' },
  },
  schema: z.object({
    'team-name': opt.text('--team-name "Demo team"', 100).default('Demo team'),
    rounds: opt.int(3, 60, '--rounds 12').default(12),
    respondents: opt.int(3, 200, '--respondents 8').default(8),
  }),
  async run(ctx, input) {
    const today = new Date()
    let clock = roundStart(0, input.rounds, today).getTime() - 2 * DAY
    const deps = await ctx.open({ now: () => new Date(clock) })
    const k = deps.config.DEFAULT_K
    if (input.respondents < k)
      throw new UsageError(
        `--respondents must be at least k (${k}, from DEFAULT_K), e.g. --respondents ${k + 3}`,
      )
    const out = ctx.out
    const random = seededRandom(20_260_101)
    const plans = planRounds(input.rounds, input.respondents, k, deps.config.COMMENT_MIN, random)
    const survey = await getSurvey(deps, DEMO_SURVEY)
    const { id: teamId, name } = await createTeam(
      deps,
      OPERATOR,
      await freeTeamName(deps, input['team-name']),
    )
    const password = await demoFacilitator(deps, teamId)
    // The roster bounds each round's links (P6b): one member per link the busiest month needs,
    // by name only, so their links are handed out by hand (the demo mails nobody).
    const size = Math.max(...plans.map((p) => p.invited))
    await addMembers(
      deps,
      OPERATOR,
      teamId,
      Array.from({ length: size }, (_, i) => ({ name: `Team member ${i + 1}` })),
    )
    const team: DemoTeam = {
      deps,
      out,
      survey,
      teamId,
      k,
      pool: people(Math.max(...plans.map((p) => p.respondents)) + 3, random),
      offsets: itemOffsets(survey, random),
      random,
      setClock: (time) => void (clock = time),
    }

    let released = 0
    let withComments = 0
    let lastRound = ''
    const width = String(plans.length).length
    for (const [i, plan] of plans.entries()) {
      const opens = roundStart(i, plans.length, today)
      const label = `[${String(i + 1).padStart(width)}/${plans.length}] round ${opens.toISOString().slice(0, 7)}`
      const played = await playRound(team, plan, opens, label)
      lastRound = played.roundId
      if (!plan.withheld) {
        released++
        if (played.commentsShown) withComments++
        clock = played.closes.getTime() + 2 * DAY
        const note = plans[i - 1]?.withheld
          ? REORG_NOTE
          : DEBRIEF_NOTES[(released - 1) % DEBRIEF_NOTES.length]!
        await writeDebrief(deps, OPERATOR, played.roundId, note)
      }
      // A withheld round's count stays unsaid, as everywhere else (P1).
      const answered = plan.withheld ? `fewer than k = ${k}` : String(plan.respondents)
      const outcome = plan.withheld ? ': withheld' : ''
      out.progress(`${label} … ${answered} responses of ${plan.invited} invited${outcome}`)
      out.endProgress() // on a terminal, each finished round keeps its line
    }

    // Counted over rounds with results only: with the total, the withheld count would show.
    const responses = plans.reduce((sum, p) => sum + (p.withheld ? 0 : p.respondents), 0)
    out.print('')
    out.print(
      `Made team "${name}" with ${plans.length} monthly rounds of "${survey.title.en}": ` +
        `${released} with results (${responses} responses), ${plans.length - released} withheld, ` +
        `${withComments} with comments shown.`,
    )
    out.print(`Team id: ${teamId}`)
    out.print('Look at it:')
    out.print(`  npm run cli -- trend ${argFor('team', teamId)}`)
    out.print(`  npm run cli -- report ${argFor('round', lastRound)}`)

    out.progress('Building the demo organisation and its two campaigns…')
    const org = await buildDemoOrg(deps, { today, setClock: (time) => void (clock = time) })
    await addGroupLead(deps, OPERATOR, org.rootId, { email: DEMO_FACILITATOR })
    out.endProgress()
    out.print('')
    out.print(
      `Made organisation "${org.rootName}": ${org.teams} teams in ${org.groups} groups, and two ` +
        `released campaigns with k = ${DEMO_ORG_K} (${DEMO_FACILITATOR} leads it):`,
    )
    for (const c of org.campaigns) out.print(`  ${c.name}, released ${c.releasedOn}: ${c.id}`)
    out.print('Its latest heatmap:')
    out.print(`  ${org.heatmapUrl}`)
    if (password) {
      out.print(`Sign in as facilitator ${DEMO_FACILITATOR} with this password (shown only now):`)
      out.print(`  ${password}`)
    } else out.print(`${DEMO_FACILITATOR} (existing account) now also facilitates this team.`)
  },
})
