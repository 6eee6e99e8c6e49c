/** Names of the team and the survey a mail is about. */
export interface About {
  teamName: string
  surveyTitle: string
}

/**
 * The wording of every mail Quorum sends, one object per locale (`mail-de.ts` holds German).
 * Values arrive as plain text, times already formatted; src/mail/templates.ts escapes them for
 * HTML. Each mail holds one link, added by the template, so no wording here may name a URL.
 */
export interface MailWords {
  greeting: (name: string | null) => string
  invitationSubject: (p: About) => string
  invitationIntro: (p: About) => string
  /** When the round runs: `opensAt` only when it opens later than the mail is sent. */
  invitationWhen: (p: { opensAt: string | null; closesAt: string }) => string
  personalLink: string
  anonymityTitle: string
  anonymity: (k: number) => string[]
  /** Bounds the ballot box in every member's sight (P6b): a count that looks wrong gets said. */
  linkIsYours: (p: { links: number; teamSize: number | null }) => string
  rosterFooter: (teamName: string) => string

  /** Reminders name no one and count nothing: who answered is nobody's business. */
  reminderSubject: (p: About) => string
  reminderIntro: (p: About & { closesAt: string }) => string
  sameLink: string
  answeredAlready: string
  reminderAnonymity: string

  facilitatorSubject: (p: About) => string
  facilitatorIntro: (p: About) => string
  signInLink: (expiresAt: string) => string
  facilitatorTasksTitle: string
  facilitatorTasks: (closesAt: string) => string[]
  notExpected: string
  facilitatorFooter: (teamName: string) => string
}

const links = (n: number) => (n === 1 ? '1 link' : `${n} links`)

export const mailEn = {
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  invitationSubject: (p) => `${p.surveyTitle} for ${p.teamName}: 2 minutes, anonymous`,
  invitationIntro: (p) =>
    `Your team ${p.teamName} is running a short anonymous survey, “${p.surveyTitle}”. It takes about two minutes.`,
  invitationWhen: (p) =>
    p.opensAt
      ? `It opens on ${p.opensAt} and closes on ${p.closesAt}.`
      : `It closes on ${p.closesAt}.`,
  personalLink: 'Your personal link:',
  anonymityTitle: 'How your answers stay anonymous',
  anonymity: (k) => [
    'Your answers are stored without any link to you: not your name, not your email address, not this link.',
    `Results are shown only once at least ${k} people have answered, and only for the team as a whole.`,
    'Nobody, not even the facilitator, can see who answered or what anyone answered.',
  ],
  linkIsYours: (p) =>
    'This link is yours alone; do not forward it. ' +
    (p.teamSize === null
      ? `This round has ${links(p.links)} — if that looks wrong, say so.`
      : `This round has ${links(p.links)} for a team of ${p.teamSize} — if that looks wrong, say so.`),
  rosterFooter: (teamName) => `Quorum sends you this because you are on the roster of ${teamName}.`,

  reminderSubject: (p) => `Reminder: ${p.surveyTitle} for ${p.teamName}`,
  reminderIntro: (p) =>
    `A reminder: the anonymous survey “${p.surveyTitle}” for ${p.teamName} closes on ${p.closesAt}. It takes about two minutes.`,
  sameLink: 'Your personal link, the same as before:',
  answeredAlready: 'If you have answered already, thank you; you can ignore this mail.',
  reminderAnonymity:
    'Your answers are stored without any link to you. This link is yours alone; do not forward it.',

  facilitatorSubject: (p) => `Your turn to facilitate ${p.surveyTitle} for ${p.teamName}`,
  facilitatorIntro: (p) =>
    `It is your turn to facilitate this round of “${p.surveyTitle}” for ${p.teamName}.`,
  signInLink: (expiresAt) =>
    `Sign in with this link. It works once and is valid until ${expiresAt}:`,
  facilitatorTasksTitle: 'What a facilitator does',
  facilitatorTasks: (closesAt) => [
    'Hand out nothing: Quorum mails every team member their own link.',
    `Close the round: it closes by itself on ${closesAt}, or earlier if you close it.`,
    'Read the report once the round has closed; it shows results only if enough people answered.',
    'Write the debrief: what the team agrees to try next, once you have talked the results through together.',
  ],
  notExpected: 'If you did not expect this mail, ignore it: the link expires by itself.',
  facilitatorFooter: (teamName) => `Quorum sends you this because you facilitate ${teamName}.`,
} satisfies MailWords
