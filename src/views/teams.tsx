import type { RoundSummary } from '../domain/report'
import type { FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'
import { ErrorSummary, Page } from './layout'
import {
  OpenRoundForm,
  openRoundLabels,
  type OpenRoundDefaults,
  type SurveyChoice,
} from './open-round-form'
import { closingTime, Countdown, responsesText, StatusBadge, TeamTime } from './round-parts'
import { TeamOverviewCell, TeamOverviewSection, type TeamOverview } from './team-overview'
import { ShareLinksSection, type ShareLinkRow } from './share-links'
import { TeamChatSection } from './team-chat'
import { RecurringPulseSection } from './schedule'
import type { PulseView } from '../domain/schedule'

interface Frame {
  user: User
  csrf: string
}

/** A team's row on the teams list: its latest round and its overview. */
export interface TeamRow {
  id: string
  name: string
  timeZone?: string | undefined
  latest?: RoundSummary | undefined
  overview?: TeamOverview | null | undefined
}

/**
 * The teams someone facilitates (all teams for admins), each with its latest round (times in the
 * team's zone, with how far away they are) and its scores at a glance.
 */
export function TeamsPage(props: Frame & { teams: TeamRow[]; now?: Date | undefined }) {
  const admin = props.user.role === 'admin'
  return (
    <Page title="Teams" user={props.user} csrf={props.csrf}>
      <h1>{admin ? 'All teams' : 'Your teams'}</h1>
      {props.teams.length === 0 ? (
        <div class="panel">
          {admin ? (
            <p>
              There are no teams yet. <a href="/admin/teams">Create a team</a> and assign its
              facilitators; then open its first round here.
            </p>
          ) : (
            <p>
              You are not a facilitator of any team yet. Ask an admin of Quorum to assign you to
              your team; it will then appear here.
            </p>
          )}
        </div>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="teams-caption" tabindex={0}>
          <table class="stack">
            <caption id="teams-caption" class="visually-hidden">
              Teams and their latest round
            </caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col">Latest round</th>
                <th scope="col">Status</th>
                <th scope="col">Latest scores</th>
              </tr>
            </thead>
            <tbody>
              {props.teams.map((team) => (
                <tr>
                  <th scope="row">
                    <a href={`/teams/${team.id}`}>{team.name}</a>
                  </th>
                  <td data-label="Latest round">
                    {team.latest ? (
                      <>
                        {team.latest.surveyTitle},{' '}
                        {team.latest.status === 'closed' ? 'closed' : 'closes'}{' '}
                        <TeamTime
                          iso={closingTime(team.latest)}
                          timeZone={team.timeZone ?? 'UTC'}
                        />
                        {props.now && (
                          <Countdown
                            iso={closingTime(team.latest)}
                            now={props.now}
                            future="closes"
                            past="closed"
                          />
                        )}
                      </>
                    ) : (
                      'No rounds yet'
                    )}
                  </td>
                  <td data-label="Status">
                    {team.latest ? <StatusBadge status={team.latest.status} /> : '—'}
                  </td>
                  <td data-label="Latest scores">
                    <TeamOverviewCell o={team.overview ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  )
}

export interface TeamPageProps extends Frame {
  team: { id: string; name: string; chatHint?: string | null; timeZone?: string | undefined }
  facilitators: { name: string; email: string }[]
  rounds: RoundSummary[]
  surveys: SurveyChoice[]
  shareLinks: ShareLinkRow[]
  defaults: OpenRoundDefaults
  values?: Record<string, string> | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
  /** Scores at a glance; undefined leaves the section out. */
  overview?: TeamOverview | null | undefined
  /** For countdowns next to times ("closes in 6 days"). */
  now?: Date | undefined
  /** The team's recurring pulse (null: none); undefined leaves the section out. */
  pulse?: PulseView | null | undefined
}

/**
 * One team: its facilitators, the form to open the next round (one click away, at the top), its
 * scores at a glance, its rounds, and its share links. Times are in the team's zone.
 */
export function TeamPage(props: TeamPageProps) {
  const { team } = props
  const timeZone = team.timeZone ?? 'UTC'
  const labels = openRoundLabels(timeZone)
  return (
    <Page title={team.name} user={props.user} csrf={props.csrf}>
      <p>
        <a href="/teams">All teams</a>
      </p>
      <h1>{team.name}</h1>
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: labels[f.path] }))}
        />
      )}
      <p>
        Facilitators:{' '}
        {props.facilitators.length
          ? props.facilitators.map((f) => `${f.name} (${f.email})`).join(', ')
          : 'none assigned'}
      </p>
      <p class="actions">
        <a href={`/teams/${team.id}/trend`}>Trend over rounds</a>
        <a href={`/teams/${team.id}/members`}>Roster</a>
        <a href={`/api/teams/${team.id}/trend.csv`} download>
          Trend as CSV
        </a>
      </p>
      <details class="open-round" open={Boolean(props.error) || props.rounds.length === 0}>
        <summary class="button">Open a round…</summary>
        <OpenRoundForm
          teamId={team.id}
          csrf={props.csrf}
          surveys={props.surveys}
          defaults={props.defaults}
          admin={props.user.role === 'admin'}
          values={props.values}
          fields={props.error?.fields ?? []}
        />
      </details>
      {props.overview !== undefined && <TeamOverviewSection o={props.overview} />}
      <h2 id="rounds-heading">Rounds</h2>
      {props.rounds.length === 0 ? (
        <p>No rounds yet. Open the first one above.</p>
      ) : (
        <RoundsTable rounds={props.rounds} timeZone={timeZone} now={props.now} />
      )}
      <ShareLinksSection
        teamId={team.id}
        csrf={props.csrf}
        links={props.shareLinks}
        timeZone={team.timeZone}
      />
      {props.pulse !== undefined && (
        <RecurringPulseSection
          teamId={team.id}
          csrf={props.csrf}
          pulse={props.pulse}
          surveys={props.surveys}
          defaultK={props.defaults.k}
        />
      )}
      <TeamChatSection teamId={team.id} csrf={props.csrf} hint={team.chatHint ?? null} />
    </Page>
  )
}

function RoundsTable(props: { rounds: RoundSummary[]; timeZone: string; now?: Date | undefined }) {
  const { rounds, timeZone, now } = props
  return (
    <div class="table-wrap" role="region" aria-labelledby="rounds-heading" tabindex={0}>
      <table class="stack">
        <thead>
          <tr>
            <th scope="col">Survey</th>
            <th scope="col">Opens</th>
            <th scope="col">Closes</th>
            <th scope="col">Status</th>
            <th scope="col">Responses</th>
            <th scope="col">Facilitated by</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {rounds.map((round) => (
            <tr>
              <th scope="row">
                <a href={`/rounds/${round.id}`}>{round.surveyTitle}</a>
              </th>
              <td data-label="Opens">
                <TeamTime iso={round.opensAt} timeZone={timeZone} />
                {now && round.status === 'scheduled' && (
                  <Countdown iso={round.opensAt} now={now} future="opens" past="opened" />
                )}
              </td>
              <td data-label="Closes">
                <TeamTime iso={closingTime(round)} timeZone={timeZone} />
                {now && (
                  <Countdown iso={closingTime(round)} now={now} future="closes" past="closed" />
                )}
              </td>
              <td data-label="Status">
                <StatusBadge status={round.status} />
              </td>
              <td data-label="Responses">{responsesText(round)}</td>
              <td data-label="Facilitated by">{round.facilitatedBy ?? '—'}</td>
              <td data-label="Report">
                {round.status === 'closed' ? (
                  <a href={`/rounds/${round.id}/report`}>
                    Report
                    <span class="visually-hidden">{` of ${round.surveyTitle}, opened ${round.opensAt.slice(0, 10)}`}</span>
                  </a>
                ) : (
                  'after closing'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
