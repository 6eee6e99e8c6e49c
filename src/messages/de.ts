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
  // Die Gruppen der Organisation (src/services/groups.ts)
  group_not_found: (p: Params) => `Die Gruppe ${p.groupId} gibt es nicht; siehe list-groups.`,
  group_name: () =>
    'Gib der Gruppe einen Namen mit 1 bis 100 Zeichen, in einer Zeile, ohne „/“ (es trennt die Gruppen eines CSV-Pfads).',
  group_name_taken: (p: Params) =>
    `Dort gibt es schon eine Gruppe „${p.name}“; wähle einen anderen Namen oder Ort.`,
  group_cycle: () =>
    'Eine Gruppe kann nicht unter sich selbst oder unter eine ihrer eigenen Untergruppen verschoben werden.',
  group_too_deep: (p: Params) =>
    `Gruppen sind höchstens ${p.max} Ebenen tief verschachtelt; so wären es ${p.depth}.`,
  group_not_empty: (p: Params) =>
    `„${p.name}“ enthält noch ${contents(p)}. Verschiebe zuerst ihre Untergruppen und Teams in eine andere Gruppe (oder ihre Teams in keine); eine Gruppe mit Kampagnen behält sie und kann nicht gelöscht werden.`,
  groups_csv: (p: Params) => `Die CSV-Datei konnte nicht gelesen werden: ${p.reason}`,
  groups_csv_invalid: (p: Params) =>
    `Nichts wurde importiert: ${String(p.lines).includes(',') ? 'Die Zeilen' : 'Zeile'} ${p.lines} der CSV-Datei ${String(p.lines).includes(',') ? 'brauchen' : 'braucht'} Aufmerksamkeit.`,
  groups_csv_path_missing: (p: Params) =>
    `Zeile ${p.line}: Gib den Pfad der Gruppe an, z. B. Acme / Engineering.`,
  groups_csv_too_deep: (p: Params) =>
    `Zeile ${p.line}: Gruppen sind höchstens ${p.max} Ebenen tief; dieser Pfad hat ${p.depth}.`,
  groups_csv_name: (p: Params) =>
    `Zeile ${p.line}: „${p.name}“ ist kein Gruppenname (1 bis 100 Zeichen in einer Zeile); trenne die Namen eines Pfads mit „ / “.`,
  groups_csv_team_unknown: (p: Params) =>
    `Zeile ${p.line}: Es gibt kein Team „${p.team}“; lege es zuerst an oder schreibe seinen Namen genau so, wie er ist.`,
  groups_csv_team_ambiguous: (p: Params) =>
    `Zeile ${p.line}: Mehrere Teams heißen „${p.team}“; benenne zuerst eines davon um.`,
  groups_csv_team_twice: (p: Params) =>
    `Zeile ${p.line}: „${p.team}“ steht in Zeile ${p.first} in einer anderen Gruppe; ein Team ist nur in einer Gruppe.`,
  group_done_created: () => 'Die Gruppe wurde angelegt.',
  group_done_renamed: () => 'Die Gruppe wurde umbenannt.',
  group_done_moved: () => 'Die Gruppe wurde mit allem, was darin ist, verschoben.',
  group_done_deleted: () => 'Die Gruppe wurde gelöscht.',
  group_done_team: () => 'Das Team wurde verschoben.',
  group_done_lead_added: () =>
    'Die Leitung wurde hinzugefügt: Sie sieht jetzt diese Gruppe und alles darin.',
  group_done_lead_removed: () => 'Die Leitung wurde entfernt.',
  group_done_imported: (p: Params) =>
    `Importiert: ${p.created} ${Number(p.created) === 1 ? 'Gruppe' : 'Gruppen'} angelegt, ${p.placed} ${Number(p.placed) === 1 ? 'Team' : 'Teams'} verschoben.`,
  round_protects_smaller: (p: Params) =>
    `Zurückgehalten, um eine kleinere Gruppe zu schützen: mindestens ${p.k} Personen haben geantwortet, aber neben den übrigen Ergebnissen der Kampagne ließen sich sonst die Antworten einer Gruppe von weniger als ${p.k} Personen errechnen.`,
  // Die Kampagnen-Seiten: /campaigns, die Heatmap einer Kampagne, der Bericht einer Zelle, der Verlauf einer Gruppe
  campaigns_title: () => 'Kampagnen',
  campaigns_intro: () =>
    'Eine Kampagne startet eine Umfrage für alle Teams unter einer Gruppe zugleich, mit einem Endzeitpunkt und einem k. Wenn sie endet, entscheidet eine Freigabe, was jedes Team, jede Gruppe und das Ganze zeigen darf.',
  campaigns_not_lead: () =>
    'Du leitest keine Gruppe, darum gibt es hier keine Kampagnen für dich. Admins von Quorum und die Leitungen einer Gruppe starten Kampagnen und lesen ihre Ergebnisse; bitte einen Admin, dich als Leitung deiner Gruppe einzutragen.',
  campaigns_empty: () => 'Es gibt noch keine Kampagnen.',
  campaigns_caption: () => 'Kampagnen, die neuesten zuerst',
  campaigns_col_name: () => 'Kampagne',
  campaigns_col_group: () => 'Gruppe',
  campaigns_col_status: () => 'Status',
  campaigns_col_teams: () => 'Teams',
  campaigns_col_window: () => 'Zeitraum',
  campaign_status_scheduled: () => 'geplant',
  campaign_status_open: () => 'läuft',
  campaign_status_closing: () => 'wird beendet',
  campaign_status_released: () => 'freigegeben',
  campaign_status_rejected: () => 'nicht veröffentlicht',
  campaign_open_heading: () => 'Eine Kampagne starten',
  campaign_no_groups: () =>
    'Es gibt noch keine Gruppe, für die du eine Kampagne starten kannst. Ein Admin ordnet die Teams zuerst auf der Seite „Gruppen“ in Gruppen.',
  campaign_field_group: () => 'Gruppe',
  campaign_hint_group: () =>
    'Jedes Team in dieser Gruppe und in den Gruppen darunter bekommt eine eigene Runde, die seine Moderation wie gewohnt sieht und durchführt.',
  campaign_field_survey: () => 'Umfrage',
  campaign_field_k: () => 'Quorum (k)',
  campaign_hint_k: (p: Params) =>
    `Jede gezeigte Zahl (eines Teams, einer Gruppe, des Ganzen) umfasst mindestens k Personen; mindestens ${p.min}. Ein k für alle Teams; es lässt sich später nicht ändern.`,
  campaign_field_closes: () => 'Endet (UTC)',
  campaign_hint_closes: () =>
    'Die Kampagne beginnt jetzt und endet mit all ihren Runden zu diesem Zeitpunkt, in UTC. Ein Admin oder die Leitung der Gruppe kann sie früher beenden.',
  campaign_field_name: () => 'Name (freiwillig)',
  campaign_hint_name: () =>
    'Zum Beispiel „Frühjahrs-Puls“. Leer gelassen: der Titel der Umfrage und der Name der Gruppe.',
  campaign_open_submit: () => 'Kampagne starten',
  campaign_choose_group: () => 'Wähle eine der Gruppen.',
  campaign_choose_survey: () => 'Wähle eine der Umfragen.',
  campaign_closes_format: () => 'Gib Datum und Uhrzeit ein, zum Beispiel 2026-03-09 17:00.',
  campaign_closes_future: () => 'Wähle einen Zeitpunkt in der Zukunft.',
  campaign_done_opened: () =>
    'Die Kampagne wurde gestartet. Die Moderation jedes Teams sieht ihre Runde auf der Seite ihres Teams und erstellt dort Links zum Verteilen; Links per Mail gingen an die Teamlisten.',
  campaign_done_closed: () =>
    'Die Kampagne wurde beendet und freigegeben, was ihr Register entschieden hat.',
  campaign_fact_status: () => 'Status',
  campaign_fact_group: () => 'Gruppe',
  campaign_fact_survey: () => 'Umfrage',
  campaign_fact_k: () => 'k (wenigste Personen in einer Zahl)',
  campaign_fact_opens: () => 'Beginnt',
  campaign_fact_closes: () => 'Endet',
  campaign_fact_teams: () => 'Teams',
  campaign_fact_released: () => 'Freigegeben',
  campaign_while_open: () =>
    'Die Kampagne läuft. Ihre Ergebnisse erscheinen für alle Teams und Gruppen zugleich, wenn sie endet.',
  campaign_while_scheduled: () => 'Die Kampagne hat noch nicht begonnen.',
  campaign_while_closing: () =>
    'Die Kampagne ist beendet; ihre Freigabe wird geschrieben und erscheint hier in Kürze.',
  campaign_rejected: () =>
    'Die unabhängige Prüfung hat die Freigabe dieser Kampagne abgelehnt, darum wurde nichts davon veröffentlicht. Der Grund steht im Log des Servers.',
  campaign_close_now: () => 'Kampagne jetzt beenden',
  campaign_close_title: (p: Params) => `„${p.name}“ jetzt beenden?`,
  campaign_close_rounds: (p: Params) =>
    `Das Beenden schließt die Runden aller ${p.teams} Teams dieser Kampagne zugleich: Danach kann niemand mehr antworten, und keine Runde lässt sich wieder öffnen.`,
  campaign_close_ledger: () =>
    'Dann entscheidet eine Freigabe allein aus der Zahl der Antwortenden, nie aus ihren Antworten, was jedes Team, jede Gruppe und das Ganze veröffentlicht: Ihr Register hält jede Zahl von weniger als k Personen zurück und jede Zahl, aus der sich eine kleinere Gruppe errechnen ließe. Das Register entscheidet, nicht du; seine Entscheidung ändert sich nie.',
  campaign_close_final: () => 'Das lässt sich nicht rückgängig machen.',
  campaign_close_yes: () => 'Ja, beenden und freigeben',
  campaign_close_cancel: () => 'Abbrechen',
  campaign_all: () => 'Alle Kampagnen',
  campaign_csv: () => 'Heatmap herunterladen (CSV)',
  campaign_group_trend: (p: Params) => `Verlauf von ${p.group} über die Kampagnen`,
  heatmap_heading: () => 'Heatmap',
  heatmap_caption: (p: Params) =>
    `Mittelwerte der Dimensionen je Gruppe und Team, auf einer Skala von ${p.min} bis ${p.max}`,
  heatmap_region: () => 'Heatmap, seitlich scrollbar',
  heatmap_how: () =>
    'Gruppen stehen fett, ihre Teams eingerückt darunter. Fahre über einen Wert oder fokussiere ihn (oder tippe ihn an), um sein 95-%-Intervall und den günstigen Anteil zu sehen; er führt zum ganzen Bericht. Wähle die Überschrift einer Spalte, um danach zu sortieren; zurückgehaltene Zellen stehen immer am Ende.',
  heatmap_col_cell: () => 'Gruppe oder Team',
  heatmap_col_respondents: () => 'Antwortende',
  heatmap_col_rate: () => 'Rücklauf',
  heatmap_sort_hierarchy: () => 'Zurück zur Reihenfolge der Hierarchie',
  heatmap_group: () => 'Gruppe',
  heatmap_team: () => 'Team',
  heatmap_fewer_short: () => '< k',
  heatmap_fewer_long: () => 'weniger als k Antwortende, zurückgehalten',
  heatmap_protects_short: () => '(S)',
  heatmap_protects_long: () => 'zurückgehalten, um eine kleinere Gruppe zu schützen',
  heatmap_no_score: () => 'kein Wert',
  heatmap_tip: (p: Params) => `95-%-Intervall ${p.low}–${p.high}, ${p.favourable} günstig`,
  heatmap_legend: () => 'Farben und Zeichen',
  heatmap_legend_step: (p: Params) => `${p.from} bis ${p.to}`,
  heatmap_legend_cut: (p: Params) =>
    `Orange: unter dem günstigen Bereich; lila: ein Mittelwert ab ${p.cut}, wo die Werte der Personen als günstig zählen.`,
  heatmap_legend_fewer: () => 'Schraffiert, „< k“: weniger als k Antwortende',
  heatmap_legend_protects: () =>
    'Gepunkteter Rand, „(S)“: zurückgehalten, um eine kleinere Gruppe zu schützen',
  heatmap_legend_none: () => '„–“: kein Wert für diese Dimension',
  heatmap_about: () => 'Zu diesen Zahlen',
  heatmap_about_k: (p: Params) =>
    `k ist ${p.k}: Jede Zahl auf dieser Seite, auch die Zahl der Antwortenden und der Rücklauf, umfasst mindestens ${p.k} Personen.`,
  heatmap_about_fewer: () =>
    '„Weniger als k“: In diesem Team haben weniger als k Personen geantwortet, darum wird keine seiner Zahlen gezeigt.',
  heatmap_about_protects: () =>
    '„Zurückgehalten, um eine kleinere Gruppe zu schützen“: Bei einem Team haben genug Personen geantwortet, aber neben den übrigen veröffentlichten Zahlen ließe sich sonst errechnen, wie viele einer kleineren Gruppe geantwortet haben oder was (zum Beispiel eine Gruppe minus ihre übrigen Teams). Eine zurückgehaltene Gruppe sagt dies immer, wie viele darin auch geantwortet haben, denn sie schützt ihre Teams. Was zurückgehalten wird, entscheiden allein die Zahlen der Antwortenden und die öffentliche Zahl der Links, nie die Antworten.',
  heatmap_about_verify: () =>
    'Bevor etwas veröffentlicht wurde, hat eine unabhängige Prüfung, die keinen Code mit der Freigabe teilt, bestätigt, dass sich keine zurückgehaltene Zahl aus den veröffentlichten errechnen lässt. Wer Zugang zum Server hat, kann das erneut prüfen:',
  heatmap_empty: () => 'Du siehst keine Zelle dieser Kampagne.',
  cell_kind: () => 'Art',
  cell_status: () => 'Status',
  cell_published: () => 'veröffentlicht',
  cell_children: () => 'In dieser Gruppe',
  cell_back: () => 'Zurück zur Heatmap',
  cell_parent: (p: Params) => `Teil von ${p.name}`,
  group_trend_title: (p: Params) => `Verlauf von ${p.group}`,
  group_trend_intro: () =>
    'Die Werte der Gruppe je Dimension in jeder freigegebenen Kampagne, mit 95-%-Intervallen. Wo das Register einer Kampagne die Zahlen der Gruppe zurückhielt, lässt das Diagramm eine Lücke, und die Tabelle sagt, warum.',
  group_trend_empty: () => 'Noch keine Kampagne, die diese Gruppe umfasst, wurde freigegeben.',
  group_trend_chart: () => 'Werte der Gruppe über die Kampagnen',
  group_trend_desc: (p: Params) =>
    `${p.dimensions} Dimensionen über ${p.campaigns} freigegebene Kampagnen, auf einer Skala von ${p.min} bis ${p.max}; ${p.withheld} zurückgehalten. Die Tabelle darunter nennt jede Zahl.`,
  group_trend_whiskers: () => 'Striche: 95-%-Intervall',
  group_trend_numbers: () => 'Zahlen je Kampagne',
  group_trend_numbers_hint: () => 'Je Dimension: Mittelwert [95-%-Intervall].',
  group_trend_col_campaign: () => 'Kampagne',
  group_trend_col_closed: () => 'Beendet',
  group_beside_heading: () => 'Neben deiner Gruppe',
  group_beside_intro: (p: Params) =>
    `Deine Gruppe: ${p.group}, in der Kampagne „${p.campaign}“. Nur für Dimensionen, bei denen die Freigabe der Kampagne die Zahlen deines Teams und deiner Gruppe veröffentlicht hat.`,
  group_beside_dimension: () => 'Dimension',
  group_beside_team: () => 'Dein Team',
  group_beside_group: (p: Params) => `Deine Gruppe: ${p.group}`,
} satisfies Partial<Catalogue>

/** How long until results appear (`seconds`), in German words. */
function within(p: Params): string {
  const seconds = Number(p.seconds)
  if (seconds < 120) return seconds === 1 ? '1 Sekunde' : `${seconds} Sekunden`
  return `${Math.ceil(seconds / 60)} Minuten`
}

/** "2 Untergruppen, 1 Team": what a group still holds (`groups`, `teams`, `campaigns`). */
function contents(p: Params): string {
  const words = {
    groups: ['Untergruppe', 'Untergruppen'],
    teams: ['Team', 'Teams'],
    campaigns: ['Kampagne', 'Kampagnen'],
  }
  return Object.entries(words)
    .filter(([key]) => Number(p[key]) > 0)
    .map(([key, [one, many]]) => `${p[key]} ${Number(p[key]) === 1 ? one : many}`)
    .join(', ')
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
