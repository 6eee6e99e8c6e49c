/** Values a message is rendered with: counts, names, times. */
export type Params = Record<string, string | number>

/** How long until results appear (`seconds`), in words. */
export function within(p: Params): string {
  const seconds = Number(p.seconds)
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`
  return `${Math.ceil(seconds / 60)} minutes`
}

/** "2 sub-groups, 1 team": the non-zero counts of `p` named by each pair, singular or plural. */
function countsOf(p: Params, ...pairs: [key: string, word: string][]): string {
  return pairs
    .filter(([key]) => Number(p[key]) > 0)
    .map(([key, word]) => `${p[key]} ${word}${Number(p[key]) === 1 ? '' : 's'}`)
    .join(', ')
}

/**
 * Every message a person can be shown for an error or a field, in English: the words the API
 * answers with, the CLI prints and the pages show. Keyed by error code, or by a more precise key
 * where one code has several messages; `de.ts` holds the German ones.
 */
export const en = {
  // Errors respondents see
  unknown_link: () =>
    'This link is not valid for this survey. Check that you copied the whole link, or ask your facilitator for a new one.',
  link_used: () =>
    'This link has already been used to answer. Each link counts once, so your team’s answers stay anonymous.',
  round_gone: () => 'This survey has closed and no longer takes answers.',
  round_not_open: (p: Params) => `This survey opens at ${p.opensAt}. Please come back then.`,
  invalid_answers: () => 'Some answers need attention.',
  code_missing: () => 'The code printed under your link (everything after the # sign).',
  submit_limited: (p: Params) =>
    `Too many submissions from your network failed in the last minute. Please wait ${p.seconds} seconds, then send your answers again.`,
  // Field messages respondents see
  answer_missing: () => 'This question needs an answer.',
  answer_not_on_scale: (p: Params) => `Choose one of ${p.choices}.`,
  no_such_question: () => 'This survey has no such question.',
  comment_not_text: () => 'A comment must be text.',
  comment_too_long: (p: Params) => `Keep this to ${p.max} characters (now ${p.length}).`,
  code_field_missing: () => 'Enter the code from your link.',

  // Errors only staff (admins, facilitators, API clients, the CLI) see
  too_many_requests: (p: Params) => `Too many failed attempts. Try again in ${p.seconds} seconds.`,
  too_many_attempts: (p: Params) => `Too many attempts. Try again in ${p.seconds} seconds.`,
  sign_in_limited: (p: Params) =>
    `Too many failed sign-ins from your network. Try again in ${p.seconds} seconds.`,
  sign_in_account_limited: (p: Params) =>
    `Too many failed sign-ins for this account from your network. Try again in ${p.seconds} seconds.`,
  cross_origin: () => 'This request came from another site and was refused.',
  csrf: () => 'This form has expired. Go back, reload the page and try again.',
  read_only_token: (p: Params) =>
    `This API token is read-only: it may read (GET) but not ${p.method}. Create a token with scope "write" to make changes.`,
  too_large: (p: Params) => `The request body is larger than ${p.kb} KB.`,
  survey_file_too_large: (p: Params) => `A survey file may be at most ${p.kb} KB.`,
  unsupported_media_type: () =>
    'Send the request body as JSON, with Content-Type: application/json.',
  bad_request: (p: Params) => `${p.reason}`,
  no_page: () => 'There is no page at this address. Check the link you followed.',
  no_route: (p: Params) => `There is nothing at ${p.method} ${p.path}.`,
  internal: () => 'Something went wrong on our side. Please try again.',
  share_link_invalid: () =>
    'This share link is not valid or was revoked. Ask your facilitator for a new one.',
  sign_in_required: () => 'Sign in first, or send an API token as a Bearer token.',
  sign_in_page: () => 'Please sign in.',
  sign_in_failed: () => 'That email and password do not match an active account.',
  setup_token_invalid: () =>
    'This set-up link is used, expired or wrong, or an admin already exists. Ask an admin for an account, or create one with `npm run cli -- create-admin`.',
  admin_only: () => 'Only an admin can do this.',
  admin_page_only: () => 'Only an admin of Quorum can use this page.',
  not_found: (p: Params) => `${p.what} was not found.`,
  team_not_found: (p: Params) => `Team ${p.teamId} was not found; see list-teams.`,
  wrong_password: () => 'Your current password is not correct.',
  weak_password: (p: Params) => `Use a password of at least ${p.min} characters.`,
  email_taken: (p: Params) => `There is already an account for ${p.email}.`,
  self_disable: () => 'You cannot disable your own account.',
  last_admin: () => 'This is the last active admin; create another admin first.',
  account_disabled: (p: Params) => `${p.name}’s account is disabled; enable it first.`,
  invalid_input: () => 'Some fields need attention.',
  fields_listed: (p: Params) => `Some fields need attention: ${p.fields}`,
  token_days: (p: Params) => `A token lasts 1 to ${p.max} days.`,
  team_name: () =>
    'Give the team a name of 1 to 100 characters, without line breaks or other control characters.',
  closing_time_far: (p: Params) =>
    `A round opens within ${p.days} days and stays open at most ${p.days} days; choose an earlier time.`,
  closing_time: () => 'The closing time must lie after the opening time and in the future.',
  link_count: (p: Params) => `Mint between 1 and ${p.max} links at a time.`,
  debrief_too_long: (p: Params) => `Keep the note under ${p.max} characters; it has ${p.length}.`,
  assign_missing: () => 'Choose whom to assign.',
  survey_json_missing: () => 'Choose a .json file or paste the survey’s JSON.',
  invalid_json: () => 'The request body is not valid JSON.',
  json_text_invalid: (p: Params) => `This is not valid JSON: ${p.reason}`,
  json_file_invalid: (p: Params) => `${p.file} is not valid JSON: ${p.reason}`,
  invalid_survey: (p: Params) => `The ${p.source} is not a valid survey definition.`,
  builtin_survey: (p: Params) => `"${p.id}" is a built-in survey; choose another id.`,
  survey_version_used: (p: Params) =>
    `Version ${p.version} of "${p.id}" has been used by a round and can no longer change. Save it as version ${p.next}.`,
  invalid_k: (p: Params) => `k must be a whole number from ${p.min} to ${p.max ?? 1000}.`,
  k_lowered: (p: Params) => `k can only go up: this round needs at least ${p.current}.`,
  link_limit: (p: Params) =>
    `This round may have at most ${p.max} links: one for each of the ${p.teamSize} people on the team's roster, plus ${p.extra} extra allowed by an admin. It has ${p.invited}, so ${p.left} more can be made, not ${p.adding}. Ask an admin to add people to the roster or to allow extra links for this round.`,
  by_hand_limit: (p: Params) =>
    `With mail, members with an address get their own links by mail and nobody else sees them; links by hand are only for the ${p.withoutAddress} roster members without an address plus ${p.extra} extra allowed by an admin. This round has ${p.byHand} such links, so ${p.left} more can be made, not ${p.adding}. To reach members added to the roster, send invitations instead.`,
  member_invalid: () => 'Some members need attention.',
  member_email_invalid: (p: Params) => `"${p.email}" is not an email address.`,
  member_name_too_long: (p: Params) => `Keep the name to ${p.max} characters.`,
  member_needs_contact: () =>
    'Give an email address, or a name for someone who gets their link by hand.',
  member_locale: (p: Params) => `"${p.locale}" is not a language we speak; choose ${p.choices}.`,
  member_email_taken: (p: Params) => `${p.email} is on this roster already.`,
  member_email_repeated: (p: Params) =>
    `${p.email} is listed more than once; list each person once, so nobody gets two links.`,
  member_name_plain: () =>
    'Write the name on one line, without line breaks, tabs or other control characters.',
  roster_too_large: (p: Params) =>
    `A roster holds at most ${p.max} people (this would make ${p.size}).`,
  roster_csv: (p: Params) => `The CSV could not be read: ${p.reason}`,
  roster_csv_media: () =>
    'Send the CSV as the body with Content-Type: text/csv, or as JSON {"csv": "…"} with Content-Type: application/json.',
  time_zone: (p: Params) =>
    `"${p.zone}" is not a time zone; use a name such as Europe/Berlin or America/New_York.`,
  reminders: (p: Params) =>
    `Give up to ${p.max} reminders, each a share of the round's time such as 50% or hours before it closes such as 24h.`,
  extra_links: (p: Params) => `Allow 1 to ${p.max} extra links, and say why.`,
  schedule_invalid: () => 'The schedule needs attention.',
  schedule_every_weeks: () => 'Repeat every 1 to 12 weeks.',
  schedule_weekday: () => 'Choose a day of the week.',
  schedule_day_of_month: () => 'Choose a day of the month from 1 to 28 (every month has it).',
  schedule_open_time: () => 'Give the opening time as HH:MM, for example 09:00.',
  schedule_open_days: (p: Params) =>
    `Keep each round open 1 to ${p.max} days, so it closes before the next one opens.`,
  schedule_missing: () => 'This team has no recurring pulse yet; set one first.',
  schedule_survey: (p: Params) => `There is no survey "${p.id}"; choose one of the surveys.`,
  schedule_move: () =>
    'Move the next pulse to a time in the future and before the one after it, as an ISO date-time such as 2026-12-15T09:00:00Z.',
  rotation_needs_roster: () =>
    'Rotation hands the facilitator role to roster members by email: add members with an email address first.',
  // The organisation's groups (src/services/groups.ts)
  group_not_found: (p: Params) => `Group ${p.groupId} was not found; see list-groups.`,
  group_name: () =>
    'Give the group a name of 1 to 100 characters, on one line, without "/" (it separates the groups of a CSV path).',
  group_name_taken: (p: Params) =>
    `There is already a group named "${p.name}" there; choose another name or another place.`,
  group_cycle: () => 'A group cannot move under itself or under one of its own sub-groups.',
  group_too_deep: (p: Params) =>
    `Groups nest at most ${p.max} levels deep; this would make ${p.depth}.`,
  group_not_empty: (p: Params) =>
    `"${p.name}" still holds ${countsOf(p, ['groups', 'sub-group'], ['teams', 'team'], ['campaigns', 'campaign'])}. Move its sub-groups and teams to another group (or its teams to none) first; a group that has campaigns keeps them and cannot be deleted.`,
  groups_csv: (p: Params) => `The CSV could not be read: ${p.reason}`,
  groups_csv_invalid: (p: Params) =>
    `Nothing was imported: ${String(p.lines).includes(',') ? 'lines' : 'line'} ${p.lines} of the CSV ${String(p.lines).includes(',') ? 'need' : 'needs'} attention.`,
  groups_csv_path_missing: (p: Params) =>
    `Line ${p.line}: give the group's path, e.g. Acme / Engineering.`,
  groups_csv_too_deep: (p: Params) =>
    `Line ${p.line}: groups nest at most ${p.max} levels deep; this path has ${p.depth}.`,
  groups_csv_name: (p: Params) =>
    `Line ${p.line}: "${p.name}" is not a group name (1 to 100 characters on one line); separate the names of a path with " / ".`,
  groups_csv_team_unknown: (p: Params) =>
    `Line ${p.line}: there is no team named "${p.team}"; create it first, or write its name exactly as it is.`,
  groups_csv_team_ambiguous: (p: Params) =>
    `Line ${p.line}: more than one team is named "${p.team}"; rename one of them first.`,
  groups_csv_team_twice: (p: Params) =>
    `Line ${p.line}: "${p.team}" is put in another group on line ${p.first}; a team is in one group only.`,
  // Confirmations of the groups pages
  group_done_created: () => 'Created the group.',
  group_done_renamed: () => 'Renamed the group.',
  group_done_moved: () => 'Moved the group, with everything in it.',
  group_done_deleted: () => 'Deleted the group.',
  group_done_team: () => 'Moved the team.',
  group_done_lead_added: () => 'Added the lead: they now see this group and everything in it.',
  group_done_lead_removed: () => 'Removed the lead.',
  group_done_imported: (p: Params) =>
    `Imported: ${countsOf(p, ['created', 'group']) || 'no group'} created, ${countsOf(p, ['placed', 'team']) || 'no team'} moved.`,
  mail_off: () =>
    'This server sends no mail: set SMTP_URL (Node) or MAIL_API_URL, with MAIL_FROM, to deliver links and reminders.',
  chat_webhook_local: () =>
    'This address points to this machine or a private network; Quorum posts only to public https addresses (an operator can allow local ones with CHAT_LOCAL_WEBHOOKS=true).',
  chat_webhook: () =>
    'Give the https address of an incoming webhook (Slack, Mattermost or a Microsoft Teams workflow).',
  round_closed: () => 'This round is closed; open a new round to invite more people.',
  round_closed_no_links: () => 'This round closed meanwhile; no links were added.',
  round_closed_k_kept: () => 'This round closed meanwhile; k was not changed.',
  k_after_close: () => 'k cannot change after a round has closed.',
  k_reached: (p: Params) =>
    `At least ${p.k} people have answered, so k can no longer change: raising it one step at a time would tell you how many answered. Raise k before people answer, or choose a higher k for the next round.`,
  round_open: () =>
    'This round is still open. Record the debrief after it has closed and the team has talked about its results.',

  // What a reader of a round's report is told (its `message`); team members see these too
  round_answered: (p: Params) => `${p.respondents} people answered.`,
  round_still_open: (p: Params) =>
    `This round is still open; results appear once it closes, within ${within(p)} of its closing time.`,
  round_releasing: (p: Params) =>
    `This round has closed; its results are being released and appear within ${within(p)} of its closing time.`,
  round_withheld: (p: Params) =>
    `Fewer than ${p.k} people answered, so no results are shown. This protects everyone’s anonymity.`,
  round_protects_smaller: (p: Params) =>
    `Withheld to protect a smaller group: at least ${p.k} people answered, but showing these results beside the rest of the campaign would let someone work out the answers of a group of fewer than ${p.k}.`,
  // Campaigns (issue 11)
  campaign_round: (p: Params) =>
    `This round is part of the campaign “${p.campaign}” and closes with all its rounds at the campaign’s closing time; an admin or the group’s lead can close the campaign earlier.`,
  campaign_round_k: (p: Params) =>
    `This round is part of a campaign, which has one k for all its teams (k = ${p.k}); it cannot change for one team.`,
  campaign_no_teams: (p: Params) =>
    `The group “${p.group}” holds no teams yet. Put teams in it (or in groups under it) first.`,
  campaign_too_large: (p: Params) =>
    `A campaign can cover at most ${p.max} teams here, and “${p.group}” holds ${p.teams}. Open campaigns for smaller groups.`,
  campaign_closed: () => 'This campaign has already closed.',
  campaign_name: () =>
    'Use 1 to 100 characters for the campaign’s name, without control characters.',
  // The campaign pages: /campaigns, a campaign's heatmap, a cell's report, a group's trend
  campaigns_title: () => 'Campaigns',
  campaigns_intro: () =>
    'A campaign opens one survey for every team under a group at once, with one closing time and one k. When it closes, one release decides what every team, every group and the whole may show.',
  campaigns_not_lead: () =>
    'You lead no group, so there are no campaigns for you here. Admins of Quorum and the leads of a group open campaigns and read their results; ask an admin to make you a lead of your group.',
  campaigns_empty: () => 'There are no campaigns yet.',
  campaigns_caption: () => 'Campaigns, newest first',
  campaigns_col_name: () => 'Campaign',
  campaigns_col_group: () => 'Group',
  campaigns_col_status: () => 'Status',
  campaigns_col_teams: () => 'Teams',
  campaigns_col_window: () => 'Window',
  campaign_status_scheduled: () => 'scheduled',
  campaign_status_open: () => 'open',
  campaign_status_closing: () => 'closing',
  campaign_status_released: () => 'released',
  campaign_status_rejected: () => 'not published',
  campaign_open_heading: () => 'Open a campaign',
  campaign_no_groups: () =>
    'There are no groups to open a campaign for yet. An admin arranges teams in groups on the Groups page first.',
  campaign_field_group: () => 'Group',
  campaign_hint_group: () =>
    'Every team in this group and in the groups under it gets its own round, which its facilitators see and run as usual.',
  campaign_field_survey: () => 'Survey',
  campaign_field_k: () => 'Quorum (k)',
  campaign_hint_k: (p: Params) =>
    `Every figure shown (a team’s, a group’s, the whole’s) covers at least k people; at least ${p.min}. One k for all teams; it cannot change later.`,
  campaign_field_closes: () => 'Closes (UTC)',
  campaign_hint_closes: () =>
    'The campaign opens now and closes with all its rounds at this date and time, in UTC. An admin or the group’s lead can close it earlier.',
  campaign_field_name: () => 'Name (optional)',
  campaign_hint_name: () =>
    'For example “Spring pulse”. Left empty, the survey’s title and the group’s name.',
  campaign_open_submit: () => 'Open the campaign',
  campaign_choose_group: () => 'Choose one of the groups.',
  campaign_choose_survey: () => 'Choose one of the surveys.',
  campaign_closes_format: () => 'Enter a date and time, for example 2026-03-09 17:00.',
  campaign_closes_future: () => 'Choose a time in the future.',
  campaign_done_opened: () =>
    'Opened the campaign. Each team’s facilitators see its round on their team’s page and make links by hand there; links by mail went out from the rosters.',
  campaign_done_closed: () => 'Closed the campaign and released what its ledger decided.',
  campaign_fact_status: () => 'Status',
  campaign_fact_group: () => 'Group',
  campaign_fact_survey: () => 'Survey',
  campaign_fact_k: () => 'k (fewest people in any figure)',
  campaign_fact_opens: () => 'Opens',
  campaign_fact_closes: () => 'Closes',
  campaign_fact_teams: () => 'Teams',
  campaign_fact_released: () => 'Released',
  campaign_while_open: () =>
    'The campaign is open. Its results appear for every team and group at once, when it closes.',
  campaign_while_scheduled: () => 'The campaign has not opened yet.',
  campaign_while_closing: () =>
    'The campaign has closed; its release is being written and appears here shortly.',
  campaign_rejected: () =>
    'The independent verifier refused this campaign’s release, so nothing of it was published. The reason is in the server’s log.',
  campaign_close_now: () => 'Close the campaign now',
  campaign_close_title: (p: Params) => `Close “${p.name}” now?`,
  campaign_close_rounds: (p: Params) =>
    `Closing ends the rounds of all ${p.teams} teams in this campaign at once: nobody can answer afterwards, and no round can be opened again.`,
  campaign_close_ledger: () =>
    'Then one release decides, from the numbers of respondents alone and never from their answers, what every team, every group and the whole publishes: its ledger withholds every figure of fewer than k people and every figure that would let someone work out a smaller group. The ledger, not you, decides; its decision never changes.',
  campaign_close_final: () => 'This cannot be undone.',
  campaign_close_yes: () => 'Yes, close and release it',
  campaign_close_cancel: () => 'Cancel',
  campaign_all: () => 'All campaigns',
  campaign_csv: () => 'Download the heatmap (CSV)',
  campaign_group_trend: (p: Params) => `Trend of ${p.group} over campaigns`,
  heatmap_heading: () => 'Heatmap',
  heatmap_caption: (p: Params) =>
    `Mean dimension scores of each group and team, on a scale from ${p.min} to ${p.max}`,
  heatmap_region: () => 'Heatmap, scrolls sideways',
  heatmap_how: () =>
    'Groups are in bold, their teams indented under them. Hover over or focus a score (or tap it) for its 95% interval and favourable share; it links to the full report. Select a column’s heading to sort by it; withheld cells always sort last.',
  heatmap_col_cell: () => 'Group or team',
  heatmap_col_respondents: () => 'Respondents',
  heatmap_col_rate: () => 'Response rate',
  heatmap_sort_hierarchy: () => 'Back to the hierarchy order',
  heatmap_group: () => 'group',
  heatmap_team: () => 'team',
  heatmap_fewer_short: () => '< k',
  heatmap_fewer_long: () => 'fewer than k respondents, withheld',
  heatmap_protects_short: () => '(P)',
  heatmap_protects_long: () => 'withheld to protect a smaller group',
  heatmap_no_score: () => 'no score',
  heatmap_tip: (p: Params) => `95% interval ${p.low}–${p.high}, ${p.favourable} favourable`,
  heatmap_legend: () => 'Colours and marks',
  heatmap_legend_step: (p: Params) => `${p.from} to ${p.to}`,
  heatmap_legend_cut: (p: Params) =>
    `Orange: below the favourable range; purple: a mean of ${p.cut} or more, where people’s scores count as favourable.`,
  heatmap_legend_fewer: () => 'Hatched, “< k”: fewer than k respondents',
  heatmap_legend_protects: () => 'Dotted outline, “(P)”: withheld to protect a smaller group',
  heatmap_legend_none: () => '“–”: no score for this dimension',
  heatmap_about: () => 'About these numbers',
  heatmap_about_k: (p: Params) =>
    `k is ${p.k}: every figure on this page, including the number of respondents and the response rate, covers at least ${p.k} people.`,
  heatmap_about_fewer: () =>
    '“Fewer than k”: fewer than k people of this team answered, so none of its figures is shown.',
  heatmap_about_protects: () =>
    '“Withheld to protect a smaller group”: for a team, enough people answered, but beside the other published figures this one would let someone work out how many of a smaller group answered, or their answers (for example a group minus its other teams). A withheld group always says this, however many answered in it, since it protects the teams in it. Which cells are withheld is decided from counts and the public numbers of links alone, never from answers.',
  heatmap_about_verify: () =>
    'Before anything was published, an independent checker that shares no code with the release verified that no withheld figure can be worked out from the published ones. Anyone with access to the server can check it again:',
  heatmap_empty: () => 'You see no cell of this campaign.',
  cell_kind: () => 'Kind',
  cell_status: () => 'Status',
  cell_published: () => 'published',
  cell_children: () => 'Inside this group',
  cell_back: () => 'Back to the heatmap',
  cell_parent: (p: Params) => `Part of ${p.name}`,
  group_trend_title: (p: Params) => `Trend of ${p.group}`,
  group_trend_intro: () =>
    'The group’s dimension scores in each released campaign, with 95% intervals. Where a campaign’s ledger withheld the group’s figures, the chart leaves a gap and the table says why.',
  group_trend_empty: () => 'No campaign covering this group has been released yet.',
  group_trend_chart: () => 'Group scores over campaigns',
  group_trend_desc: (p: Params) =>
    `${p.dimensions} dimensions over ${p.campaigns} released campaigns, on a scale from ${p.min} to ${p.max}; ${p.withheld} withheld. The table below gives every number.`,
  group_trend_whiskers: () => 'Whiskers: 95% interval',
  group_trend_numbers: () => 'Numbers per campaign',
  group_trend_numbers_hint: () => 'Each dimension: mean [95% interval].',
  group_trend_col_campaign: () => 'Campaign',
  group_trend_col_closed: () => 'Closed',
  group_beside_heading: () => 'Beside your group',
  group_beside_intro: (p: Params) =>
    `Your group: ${p.group}, in the campaign “${p.campaign}”. Shown only for dimensions where the campaign’s release published both your team’s and your group’s figures.`,
  group_beside_dimension: () => 'Dimension',
  group_beside_team: () => 'Your team',
  group_beside_group: (p: Params) => `Your group: ${p.group}`,
} satisfies Record<string, (p: Params) => string>

export type MessageKey = keyof typeof en
export type Catalogue = Record<MessageKey, (p: Params) => string>

/** How long is left, in the largest unit that still reads as a whole: days from 2 days on. */
export function timeLeft(ms: number): { unit: 'day' | 'hour' | 'minute'; n: number } {
  const minutes = Math.max(1, Math.ceil(ms / 60_000))
  if (minutes >= 2 * 24 * 60) return { unit: 'day', n: Math.floor(minutes / (24 * 60)) }
  if (minutes >= 2 * 60) return { unit: 'hour', n: Math.floor(minutes / 60) }
  return { unit: 'minute', n: minutes }
}

/** The words of the pages respondents see (survey, thanks, closed, not open), in English. */
export const words = {
  surveyIntro:
    'This takes about two minutes. Answer how things are for you, not how they should be.',
  privacyTitle: 'What is stored and who sees it',
  privacy: (k: number, comments: number) => [
    'Your answers are stored without your name, your link, your address or the time you answered.',
    `Results appear only after the survey closes, and only if at least ${k} people answered. Nobody, including your facilitator, can see individual answers.`,
    `Comments are shown to your facilitator only if at least ${comments} people answered, in random order. Write them so they do not identify you.`,
    'Your link works once. After you submit, it cannot be used again.',
  ],
  ballotBox: (links: number, teamSize: number | null) =>
    teamSize === null
      ? `This round has ${links === 1 ? '1 link' : `${links} links`}, one per person invited — ask your facilitator if that looks wrong.`
      : `This round has ${links === 1 ? '1 link' : `${links} links`} for a team of ${teamSize} — ask if that looks wrong. Nobody can add links unseen: this number would show it.`,
  codeLabel: 'Your code',
  codeHint: 'The code printed under your link (everything after the # sign).',
  required: 'required',
  commentOptional: 'optional',
  submit: 'Submit my answers',
  language: 'Sprache: Deutsch',
  languageHref: 'de',
  thanksTitle: 'Thank you',
  thanks: 'Your answers were saved. They are stored without any link to you.',
  thanksAfter: (k: number, when: string) =>
    `Your team's results appear after the survey closes (${when}), and only if at least ${k} people answered; otherwise no results are shown at all.`,
  thanksWhere:
    'Your facilitator then sees them in Quorum and shares them with the team, for example through the team’s share link or in a debrief. Nobody sees single answers.',
  linkOnce:
    'Each link counts once. If you have answered with yours already, sending again is refused. This page looks the same either way: it does not tell anyone whether a link was used.',
  closesOn: (when: string) => `You can answer until ${when}.`,
  closesIn: (ms: number) => {
    const { unit, n } = timeLeft(ms)
    return `The survey closes in ${n} ${unit}${n === 1 ? '' : 's'}.`
  },
  /** A time with the zone it is in: "Friday, 13 March 2026 at 17:00 (Europe/Berlin time)". */
  zoned: (time: string, zone: string) => `${time} (${zone} time)`,
  resultsAfter: (k: number) =>
    `After it closes, your team sees the results only if at least ${k} people answered; otherwise no results are shown at all.`,
  /** One field's problem in the error summary as one sentence: the message, then what it is about. */
  fieldProblem: (message: string, label: string) =>
    `${message.replace(/[.!]\s*$/, '')}: “${label}”`,
  closedTitle: 'This survey has closed',
  closed: 'It no longer takes answers. Thank you for your interest.',
  notOpenTitle: 'This survey is not open yet',
  notOpen: (when: string) => `It opens on ${when}. Please come back then.`,
  errorTitle: 'Please check your answers',
  charactersLeft: (n: number) => `Up to ${n} characters.`,
}

export type Words = typeof words
