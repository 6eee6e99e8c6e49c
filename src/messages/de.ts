import { en, timeLeft, type Catalogue, type MessageKey, type Params, type Words } from './en'

/** German for everything a respondent can see: survey page errors and field messages. */
const own = {
  unknown_link: () =>
    'Dieser Link gilt nicht für diese Umfrage. Prüfe, ob du den ganzen Link kopiert hast, oder bitte deine Moderation um einen neuen.',
  link_used: () =>
    'Mit diesem Link wurde bereits geantwortet. Jeder Link zählt einmal, damit die Antworten deines Teams anonym bleiben.',
  round_gone: () => 'Diese Umfrage ist beendet und nimmt keine Antworten mehr an.',
  round_not_open: (p: Params) => `Diese Umfrage beginnt am ${p.opensAt}. Bitte komm dann wieder.`,
  invalid_answers: () => 'Einige Antworten brauchen noch Aufmerksamkeit.',
  code_missing: () => 'Der Code unter deinem Link (alles nach dem #-Zeichen).',
  submit_limited: (p: Params) =>
    `Zu viele Antworten aus deinem Netz sind in der letzten Minute gescheitert. Bitte warte ${p.seconds} Sekunden und sende deine Antworten dann noch einmal.`,
  answer_missing: () => 'Diese Frage braucht eine Antwort.',
  answer_not_on_scale: (p: Params) => `Wähle einen dieser Werte: ${p.choices}.`,
  no_such_question: () => 'Diese Umfrage hat keine solche Frage.',
  comment_not_text: () => 'Ein Kommentar muss Text sein.',
  comment_too_long: (p: Params) => `Höchstens ${p.max} Zeichen (jetzt ${p.length}).`,
  code_field_missing: () => 'Gib den Code aus deinem Link ein.',
  round_answered: (p: Params) => `${p.respondents} Personen haben geantwortet.`,
  round_still_open: (p: Params) =>
    `Diese Umfrage läuft noch; die Ergebnisse erscheinen, sobald sie endet, spätestens ${within(p)} nach ihrem Ende.`,
  round_releasing: (p: Params) =>
    `Diese Umfrage ist beendet; ihre Ergebnisse werden freigegeben und erscheinen spätestens ${within(p)} nach ihrem Ende.`,
  round_withheld: (p: Params) =>
    `Weniger als ${p.k} Personen haben geantwortet, darum werden keine Ergebnisse gezeigt. Das schützt die Anonymität aller.`,
} satisfies Partial<Catalogue>

/** How long until results appear (`seconds`), in German words. */
function within(p: Params): string {
  const seconds = Number(p.seconds)
  if (seconds < 120) return seconds === 1 ? '1 Sekunde' : `${seconds} Sekunden`
  return `${Math.ceil(seconds / 60)} Minuten`
}

/**
 * The keys German falls back to English for: errors only staff see (facilitator and admin pages
 * are in English, and so are the API and the CLI). test/unit/messages.test.ts checks that no
 * respondent's message is among them.
 */
export const ENGLISH_ONLY = (Object.keys(en) as MessageKey[]).filter((key) => !(key in own))

export const de: Catalogue = { ...en, ...own }

/** The words of the pages respondents see (survey, thanks, closed, not open), in German. */
export const words: Words = {
  surveyIntro:
    'Das dauert etwa zwei Minuten. Antworte so, wie es für dich ist – nicht, wie es sein sollte.',
  privacyTitle: 'Was gespeichert wird und wer es sieht',
  privacy: (k, comments) => [
    'Deine Antworten werden ohne deinen Namen, deinen Link, deine Adresse und ohne Uhrzeit gespeichert.',
    `Ergebnisse erscheinen erst nach dem Ende der Umfrage und nur, wenn mindestens ${k} Personen geantwortet haben. Niemand – auch nicht die Moderation – sieht einzelne Antworten.`,
    `Kommentare sieht die Moderation nur, wenn mindestens ${comments} Personen geantwortet haben, in zufälliger Reihenfolge. Schreibe sie so, dass man dich nicht erkennt.`,
    'Dein Link funktioniert einmal. Nach dem Absenden kann er nicht wieder benutzt werden.',
  ],
  ballotBox: (links, teamSize) =>
    teamSize === null
      ? `Diese Runde hat ${links === 1 ? 'einen Link' : `${links} Links`}, einen pro eingeladener Person – frag nach, wenn dir das falsch vorkommt.`
      : `Diese Runde hat ${links === 1 ? 'einen Link' : `${links} Links`} für ein Team von ${teamSize} – frag nach, wenn dir das falsch vorkommt. Niemand kann unbemerkt Links hinzufügen: Diese Zahl würde es zeigen.`,
  codeLabel: 'Dein Code',
  codeHint: 'Der Code unter deinem Link (alles nach dem #-Zeichen).',
  required: 'Pflichtfeld',
  commentOptional: 'freiwillig',
  submit: 'Antworten absenden',
  language: 'Language: English',
  languageHref: 'en',
  thanksTitle: 'Danke',
  thanks: 'Deine Antworten wurden gespeichert – ohne Verbindung zu dir.',
  thanksAfter: (k, when) =>
    `Die Ergebnisse deines Teams erscheinen nach dem Ende der Umfrage (${when}) und nur, wenn mindestens ${k} Personen geantwortet haben; sonst werden gar keine Ergebnisse gezeigt.`,
  thanksWhere:
    'Deine Moderation sieht sie dann in Quorum und teilt sie mit dem Team, zum Beispiel über den Freigabe-Link des Teams oder in einer Nachbesprechung. Niemand sieht einzelne Antworten.',
  linkOnce:
    'Jeder Link zählt einmal. Hast du mit deinem schon geantwortet, wird ein zweites Absenden abgelehnt. Diese Seite sieht in beiden Fällen gleich aus: Sie verrät niemandem, ob ein Link benutzt wurde.',
  closesOn: (when) => `Du kannst bis ${when} antworten.`,
  closesIn: (ms) => {
    const { unit, n } = timeLeft(ms)
    const units = {
      day: ['einem Tag', 'Tagen'],
      hour: ['einer Stunde', 'Stunden'],
      minute: ['einer Minute', 'Minuten'],
    } as const
    return `Die Umfrage schließt in ${n === 1 ? units[unit][0] : `${n} ${units[unit][1]}`}.`
  },
  zoned: (time, zone) => `${time} (Zeit in ${zone})`,
  resultsAfter: (k) =>
    `Nach dem Ende sieht dein Team die Ergebnisse nur, wenn mindestens ${k} Personen geantwortet haben; sonst werden gar keine Ergebnisse gezeigt.`,
  fieldProblem: (message, label) => `${message.replace(/[.!]\s*$/, '')}: „${label}“`,
  closedTitle: 'Diese Umfrage ist beendet',
  closed: 'Sie nimmt keine Antworten mehr an. Danke für dein Interesse.',
  notOpenTitle: 'Diese Umfrage hat noch nicht begonnen',
  notOpen: (when) => `Sie beginnt am ${when}. Bitte komm dann wieder.`,
  errorTitle: 'Bitte prüfe deine Antworten',
  charactersLeft: (n) => `Bis zu ${n} Zeichen.`,
}
