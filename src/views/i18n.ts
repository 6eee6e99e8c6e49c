/** Respondent-facing words in every language we speak; facilitator pages are in English. */
const en = {
  surveyIntro:
    'This takes about two minutes. Answer how things are for you, not how they should be.',
  privacyTitle: 'What is stored and who sees it',
  privacy: (k: number, comments: number) => [
    'Your answers are stored without your name, your link, your address or the time you answered.',
    `Results appear only after the survey closes, and only if at least ${k} people answered. Nobody, including your facilitator, can see individual answers.`,
    `Comments are shown to your facilitator only if at least ${comments} people answered, in random order. Write them so they do not identify you.`,
    'Your link works once. After you submit, it cannot be used again.',
  ],
  codeLabel: 'Your code',
  codeHint: 'The code printed under your link (everything after the # sign).',
  required: 'required',
  commentOptional: 'optional',
  submit: 'Submit my answers',
  language: 'Sprache: Deutsch',
  languageHref: 'de',
  thanksTitle: 'Thank you',
  thanks: 'Your answers were saved. They are stored without any link to you.',
  thanksAfter: (k: number) =>
    `Your team's results will be shown after the survey closes, if at least ${k} people answered.`,
  closedTitle: 'This survey has closed',
  closed: 'It no longer takes answers. Thank you for your interest.',
  notOpenTitle: 'This survey is not open yet',
  notOpen: (when: string) => `It opens on ${when}. Please come back then.`,
  errorTitle: 'Please check your answers',
  charactersLeft: (n: number) => `Up to ${n} characters.`,
}

const de: typeof en = {
  surveyIntro:
    'Das dauert etwa zwei Minuten. Antworte so, wie es für dich ist – nicht, wie es sein sollte.',
  privacyTitle: 'Was gespeichert wird und wer es sieht',
  privacy: (k, comments) => [
    'Deine Antworten werden ohne deinen Namen, deinen Link, deine Adresse und ohne Uhrzeit gespeichert.',
    `Ergebnisse erscheinen erst nach dem Ende der Umfrage und nur, wenn mindestens ${k} Personen geantwortet haben. Niemand – auch nicht die Moderation – sieht einzelne Antworten.`,
    `Kommentare sieht die Moderation nur, wenn mindestens ${comments} Personen geantwortet haben, in zufälliger Reihenfolge. Schreibe sie so, dass man dich nicht erkennt.`,
    'Dein Link funktioniert einmal. Nach dem Absenden kann er nicht wieder benutzt werden.',
  ],
  codeLabel: 'Dein Code',
  codeHint: 'Der Code unter deinem Link (alles nach dem #-Zeichen).',
  required: 'Pflichtfeld',
  commentOptional: 'freiwillig',
  submit: 'Antworten absenden',
  language: 'Language: English',
  languageHref: 'en',
  thanksTitle: 'Danke',
  thanks: 'Deine Antworten wurden gespeichert – ohne Verbindung zu dir.',
  thanksAfter: (k) =>
    `Die Ergebnisse deines Teams erscheinen nach dem Ende der Umfrage, wenn mindestens ${k} Personen geantwortet haben.`,
  closedTitle: 'Diese Umfrage ist beendet',
  closed: 'Sie nimmt keine Antworten mehr an. Danke für dein Interesse.',
  notOpenTitle: 'Diese Umfrage hat noch nicht begonnen',
  notOpen: (when) => `Sie beginnt am ${when}. Bitte komm dann wieder.`,
  errorTitle: 'Bitte prüfe deine Antworten',
  charactersLeft: (n) => `Bis zu ${n} Zeichen.`,
}

export type Words = typeof en
export const WORDS: Record<'en' | 'de', Words> = { en, de }

/** Error messages from the API, in the respondent's language (by error code or field message). */
export const ERRORS_DE: Record<string, string> = {
  unknown_link:
    'Dieser Link gilt nicht für diese Umfrage. Prüfe, ob du den ganzen Link kopiert hast, oder bitte deine Moderation um einen neuen.',
  link_used:
    'Mit diesem Link wurde bereits geantwortet. Jeder Link zählt einmal, damit die Antworten deines Teams anonym bleiben.',
  round_closed: 'Diese Umfrage ist beendet und nimmt keine Antworten mehr an.',
  round_not_open: 'Diese Umfrage hat noch nicht begonnen.',
  invalid_answers: 'Einige Antworten brauchen noch Aufmerksamkeit.',
  too_many_requests: 'Zu viele Versuche. Bitte warte eine Minute.',
  'This question needs an answer.': 'Diese Frage braucht eine Antwort.',
}
