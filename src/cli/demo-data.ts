import type { Answers } from '../domain/scoring'
import { scaleOf, type SurveyDefinition } from '../domain/survey'

/**
 * Made-up but plausible data for the demo team: a team whose psychological safety rises as its
 * debrief actions take hold, dips after a reorganisation, and recovers. Seeded, so every demo
 * tells the same story.
 */

/** A small seeded generator (mulberry32): the demo's numbers, not its secrets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Standard normal via Box–Muller. */
export const normal = (random: () => number) =>
  Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

/** A shuffled copy (Fisher–Yates with the seeded generator). */
export function shuffled<T>(random: () => number, list: readonly T[]): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

export const DEBRIEF_NOTES = [
  'Start retros with what went well; the facilitator role rotates every sprint.',
  'Blameless post-mortems for every incident: we talk about systems, not people.',
  'Leads speak last in design discussions.',
  'A weekly "stuck on" thread where asking for help is the default, not the exception.',
  'Pair on risky changes instead of reviewing them alone afterwards.',
  'Name one experiment per sprint that is allowed to fail, and share what we learned.',
  'New joiners get a buddy for their first month.',
  'Silent brainstorm before discussions so quieter voices come first.',
  'A "best mistake of the month" slot in the sprint demo.',
  'Make the on-call handover a shared ritual, not a solo job.',
  'Keep the rotating facilitator; add a one-word check-out at the end of retros.',
]

/** The note after the round that stayed below k: the team took stock after a reorganisation. */
export const REORG_NOTE =
  'After the reorg: a team charter session on how we decide and who owns what.'

export const COMMENTS = [
  'Retros feel more honest than they did a few months ago.',
  'I still hesitate to push back in planning when the deadline is tight.',
  'The blameless post-mortem after the outage really helped.',
  'Sometimes the same two people dominate discussions.',
  'Pairing made it easier to ask the questions I would otherwise sit on.',
  'I would like more clarity on who decides when we disagree.',
  'The buddy system made my first weeks much easier.',
  'Code review feedback has become kinder and more useful.',
  'Too many meetings leave little time to help each other.',
  'I felt heard when I raised the on-call load.',
  'Since the reorg it is unclear who to ask for what.',
  'Trying things that might fail still feels risky with stakeholders watching.',
  'I appreciate that leads now speak last.',
  'Good atmosphere, but we rarely talk about what is hard.',
  'Please keep the silent brainstorms!',
  'More time for learning would help.',
]

export interface RoundPlan {
  /** Team level on the survey's scale (before personal and item differences). */
  level: number
  invited: number
  respondents: number
  /** A round meant to stay below k, so the trend shows a gap. */
  withheld: boolean
  /** A round with enough people for comments to be shown, and a few who write one. */
  talkative: boolean
}

/**
 * Respondent counts and levels per round. Every third round, and the last, has enough
 * respondents for its comments to be shown; the middle round has k − 1 (people away after a
 * reorganisation).
 */
export function planRounds(
  count: number,
  base: number,
  k: number,
  commentMin: number,
  random: () => number,
): RoundPlan[] {
  const middle = Math.floor(count / 2)
  let level = 3.4
  const plans: RoundPlan[] = []
  for (let i = 0; i < count; i++) {
    if (i > 0) level += 0.05 + 0.15 * random() // the debrief actions take hold, slowly
    if (i === 2) level += 0.7 // blameless post-mortems: a change beyond noise
    if (i === middle) level -= 0.8 // a reorganisation; few answer that month
    level = Math.min(level, 5.6)
    const withheld = i === middle
    const talkative = !withheld && (i % 3 === 1 || i === count - 1)
    const respondents = withheld
      ? k - 1
      : talkative
        ? Math.max(base + 2, commentMin) + Math.floor(random() * 3)
        : Math.max(k, base + Math.floor(random() * 3) - 1)
    const invited = Math.max(respondents + 1 + Math.floor(random() * 3), base)
    plans.push({ level, invited, respondents, withheld, talkative })
  }
  return plans
}

/** Each person answers a little above or below the team; each item sits a little apart. */
export interface Person {
  offset: number
  /** How much this person's answers scatter around their own view. */
  spread: number
}

export const people = (count: number, random: () => number): Person[] =>
  Array.from({ length: count }, () => ({
    offset: 0.45 * normal(random),
    spread: 0.4 + 0.5 * random(),
  }))

/** One person's answers at a team level; reverse-worded items are answered the other way. */
export function demoAnswers(
  survey: SurveyDefinition,
  level: number,
  person: Person,
  itemOffsets: Map<string, number>,
  random: () => number,
): Answers {
  const answers: Answers = {}
  for (const item of survey.items) {
    const scale = scaleOf(survey, item)
    const values = scale.points.map((p) => p.value)
    const low = Math.min(...values)
    const high = Math.max(...values)
    const felt = level + person.offset + (itemOffsets.get(item.id) ?? 0)
    const wanted = felt + person.spread * normal(random)
    const scored = values.reduce((best, v) =>
      Math.abs(v - wanted) < Math.abs(best - wanted) ? v : best,
    )
    answers[item.id] = item.reverse ? low + high - scored : scored
  }
  return answers
}

/** Each item's lasting difference from the team level (some statements are harder to agree to). */
export const itemOffsets = (survey: SurveyDefinition, random: () => number) =>
  new Map(survey.items.map((item) => [item.id, 0.35 * normal(random)]))
