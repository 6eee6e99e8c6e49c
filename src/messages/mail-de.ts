import type { MailWords } from './mail-en'

const links = (n: number) => (n === 1 ? '1 Link' : `${n} Links`)
const people = (n: number) => (n === 1 ? '1 Person' : `${n} Personen`)

/** The wording of every mail in German (du, as on the survey pages); see mail-en.ts. */
export const mailDe = {
  greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
  invitationSubject: (p) => `${p.surveyTitle} für ${p.teamName}: 2 Minuten, anonym`,
  invitationIntro: (p) =>
    `Dein Team ${p.teamName} macht eine kurze anonyme Umfrage: „${p.surveyTitle}“. Sie dauert etwa zwei Minuten.`,
  invitationWhen: (p) =>
    p.opensAt
      ? `Sie beginnt am ${p.opensAt} und endet am ${p.closesAt}.`
      : `Sie endet am ${p.closesAt}.`,
  personalLink: 'Dein persönlicher Link:',
  anonymityTitle: 'So bleiben deine Antworten anonym',
  anonymity: (k) => [
    'Deine Antworten werden ohne jede Verbindung zu dir gespeichert: ohne deinen Namen, ohne deine E-Mail-Adresse, ohne diesen Link.',
    `Ergebnisse erscheinen erst, wenn mindestens ${k} Personen geantwortet haben, und nur für das Team als Ganzes.`,
    'Niemand, auch nicht die Moderation, kann sehen, wer geantwortet hat oder was jemand geantwortet hat.',
  ],
  linkIsYours: (p) =>
    'Dieser Link gehört nur dir; leite ihn nicht weiter. ' +
    (p.teamSize === null
      ? `Diese Runde hat ${links(p.links)} – wenn das nicht stimmt, sag Bescheid.`
      : `Diese Runde hat ${links(p.links)} für ein Team von ${people(p.teamSize)} – wenn das nicht stimmt, sag Bescheid.`),
  rosterFooter: (teamName) =>
    `Quorum schickt dir diese Mail, weil du im Team ${teamName} eingetragen bist.`,

  reminderSubject: (p) => `Erinnerung: ${p.surveyTitle} für ${p.teamName}`,
  reminderIntro: (p) =>
    `Zur Erinnerung: Die anonyme Umfrage „${p.surveyTitle}“ für ${p.teamName} endet am ${p.closesAt}. Sie dauert etwa zwei Minuten.`,
  sameLink: 'Dein persönlicher Link, derselbe wie zuvor:',
  answeredAlready: 'Falls du schon geantwortet hast: danke! Dann kannst du diese Mail ignorieren.',
  reminderAnonymity:
    'Deine Antworten werden ohne jede Verbindung zu dir gespeichert. Dieser Link gehört nur dir; leite ihn nicht weiter.',

  facilitatorSubject: (p) => `Du moderierst diese Runde: ${p.surveyTitle} für ${p.teamName}`,
  facilitatorIntro: (p) =>
    `Du bist an der Reihe, diese Runde von „${p.surveyTitle}“ für ${p.teamName} zu moderieren.`,
  signInLink: (expiresAt) =>
    `Melde dich mit diesem Link an. Er funktioniert einmal und gilt bis ${expiresAt}:`,
  facilitatorTasksTitle: 'Was die Moderation tut',
  facilitatorTasks: (closesAt) => [
    'Nichts verteilen: Quorum schickt jedem Teammitglied einen eigenen Link.',
    `Die Runde schließen: Sie endet von selbst am ${closesAt}, oder früher, wenn du sie schließt.`,
    'Den Bericht lesen, sobald die Runde beendet ist; er zeigt Ergebnisse nur, wenn genug Personen geantwortet haben.',
    'Das Debriefing festhalten: was das Team als Nächstes ausprobieren will, nachdem ihr die Ergebnisse gemeinsam besprochen habt.',
  ],
  notExpected:
    'Falls du diese Mail nicht erwartet hast, ignoriere sie: Der Link verfällt von selbst.',
  facilitatorFooter: (teamName) => `Quorum schickt dir diese Mail, weil du ${teamName} moderierst.`,
} satisfies MailWords
