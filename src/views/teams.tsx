import type { RoundSummary } from '../domain/report'
import type { FieldProblem } from '../domain/errors'
import type { User } from '../domain/users'
import { ErrorSummary, Page } from './layout'
import {
  OpenRoundForm,
  OPEN_ROUND_LABELS,
  type OpenRoundDefaults,
  type SurveyChoice,
} from './open-round-form'
import { closingTime, responsesText, StatusBadge, UtcTime } from './round-parts'
import { ShareLinksSection, type ShareLinkRow } from './share-links'
import { TeamChatSection } from './team-chat'

interface Frame {
  user: User
  csrf: string
}

/** The teams someone facilitates (all teams for admins), each with its latest round. */
export function TeamsPage(
  props: Frame & { teams: { id: string; name: string; latest?: RoundSummary }[] },
) {
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
                        <UtcTime iso={closingTime(team.latest)} />
                      </>
                    ) : (
                      'No rounds yet'
                    )}
                  </td>
                  <td data-label="Status">
                    {team.latest ? <StatusBadge status={team.latest.status} /> : '—'}
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
  team: { id: string; name: string; chatHint?: string | null }
  facilitators: { name: string; email: string }[]
  rounds: RoundSummary[]
  surveys: SurveyChoice[]
  shareLinks: ShareLinkRow[]
  defaults: OpenRoundDefaults
  values?: Record<string, string> | undefined
  error?: { message: string; fields: FieldProblem[] } | undefined
}

/** One team: its facilitators, its rounds, a form to open the next one, and its share links. */
export function TeamPage(props: TeamPageProps) {
  const { team } = props
  return (
    <Page title={team.name} user={props.user} csrf={props.csrf}>
      <p>
        <a href="/teams">All teams</a>
      </p>
      <h1>{team.name}</h1>
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: OPEN_ROUND_LABELS[f.path] }))}
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
      <h2 id="rounds-heading">Rounds</h2>
      {props.rounds.length === 0 ? (
        <p>No rounds yet. Open the first one below.</p>
      ) : (
        <RoundsTable rounds={props.rounds} />
      )}
      <OpenRoundForm
        teamId={team.id}
        csrf={props.csrf}
        surveys={props.surveys}
        defaults={props.defaults}
        admin={props.user.role === 'admin'}
        values={props.values}
        fields={props.error?.fields ?? []}
      />
      <ShareLinksSection teamId={team.id} csrf={props.csrf} links={props.shareLinks} />
      <TeamChatSection teamId={team.id} csrf={props.csrf} hint={team.chatHint ?? null} />
    </Page>
  )
}

function RoundsTable({ rounds }: { rounds: RoundSummary[] }) {
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
                <UtcTime iso={round.opensAt} />
              </td>
              <td data-label="Closes">
                <UtcTime iso={closingTime(round)} />
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
