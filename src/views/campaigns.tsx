import { MIN_K } from '../domain/anonymity'
import type { FieldProblem } from '../domain/errors'
import type { Heatmap } from '../domain/heatmap'
import type { User } from '../domain/users'
import { MESSAGES } from '../messages'
import type { CampaignSummary } from '../services/campaigns'
import { localDay } from './group-trend'
import { HeatmapLegend, HeatmapTable, type SortDir } from './heatmap'
import { ErrorSummary, Field, Page, SelectField } from './layout'
import type { ReportLocale } from './numbers'
import { CsrfField } from './round-parts'

/** `?locale=de` (or `&…`) for the German page; nothing for English. */
const lq = (locale: ReportLocale, sep: '?' | '&' = '?') =>
  locale === 'en' ? '' : `${sep}locale=${locale}`

export const statusWord = (status: CampaignSummary['status'], locale: ReportLocale) =>
  MESSAGES[locale][`campaign_status_${status}`]({})

interface Frame {
  user: User
  csrf: string
  locale: ReportLocale
  done?: string | undefined
}

export interface OpenCampaignChoices {
  groups: { id: string; name: string; depth: number }[]
  surveys: { id: string; version: number; title: string }[]
  defaults: { k: number; closesAt: string }
}

/** /campaigns: the campaigns this person may read, and the form to open one. */
export function CampaignsPage(
  props: Frame & {
    campaigns: CampaignSummary[]
    /** Whether this person leads a group or is an admin; others see an explanation. */
    mayOpen: boolean
    choices: OpenCampaignChoices
    values?: Record<string, string> | undefined
    error?: { message: string; fields: FieldProblem[] } | undefined
  },
) {
  const { locale } = props
  const m = MESSAGES[locale]
  const labels = {
    groupId: m.campaign_field_group({}),
    surveyId: m.campaign_field_survey({}),
    k: m.campaign_field_k({}),
    closesAt: m.campaign_field_closes({}),
    name: m.campaign_field_name({}),
  } as Record<string, string>
  const problem = (path: string) => props.error?.fields.find((f) => f.path === path)?.message
  const value = (name: string, fallback = '') => props.values?.[name] ?? fallback
  return (
    <Page title={m.campaigns_title({})} lang={locale} user={props.user} csrf={props.csrf}>
      <h1>{m.campaigns_title({})}</h1>
      {props.done && (
        <div class="notice ok" role="status">
          <p>{props.done}</p>
        </div>
      )}
      {props.error && (
        <ErrorSummary
          message={props.error.message}
          fields={props.error.fields.map((f) => ({ ...f, label: labels[f.path] ?? f.path }))}
          lang={locale}
        />
      )}
      <p class="lead">{m.campaigns_intro({})}</p>
      {!props.mayOpen ? (
        <p class="notice">{m.campaigns_not_lead({})}</p>
      ) : props.campaigns.length === 0 ? (
        <p>{m.campaigns_empty({})}</p>
      ) : (
        <div class="table-wrap" role="region" aria-labelledby="campaigns-caption" tabindex={0}>
          <table class="stack">
            <caption id="campaigns-caption">{m.campaigns_caption({})}</caption>
            <thead>
              <tr>
                <th scope="col">{m.campaigns_col_name({})}</th>
                <th scope="col">{m.campaigns_col_group({})}</th>
                <th scope="col">{m.campaigns_col_status({})}</th>
                <th scope="col" class="num">
                  {m.campaigns_col_teams({})}
                </th>
                <th scope="col">{m.campaigns_col_window({})}</th>
              </tr>
            </thead>
            <tbody>
              {props.campaigns.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/campaigns/${c.id}${lq(locale)}`}>{c.name}</a>
                  </th>
                  <td data-label={m.campaigns_col_group({})}>{c.groupName}</td>
                  <td data-label={m.campaigns_col_status({})}>
                    <span
                      class={`badge ${c.status === 'open' ? 'open' : c.status === 'scheduled' ? 'scheduled' : 'closed'}`}
                    >
                      {statusWord(c.status, locale)}
                    </span>
                  </td>
                  <td class="num" data-label={m.campaigns_col_teams({})}>
                    {c.teams}
                  </td>
                  <td data-label={m.campaigns_col_window({})} class="nowrap">
                    {localDay(c.opensAt, locale)} – {localDay(c.closesAt, locale)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.mayOpen && (
        <section aria-labelledby="open-campaign">
          <h2 id="open-campaign">{m.campaign_open_heading({})}</h2>
          {props.choices.groups.length === 0 ? (
            <p class="notice">{m.campaign_no_groups({})}</p>
          ) : (
            <form method="post" action={`/campaigns${lq(locale)}`} class="panel" novalidate>
              <CsrfField token={props.csrf} />
              <SelectField
                name="groupId"
                label={labels.groupId!}
                hint={m.campaign_hint_group({})}
                error={problem('groupId')}
                selected={value('groupId')}
                options={props.choices.groups.map((g) => ({
                  value: g.id,
                  text: `${'\u00a0\u00a0'.repeat(Math.max(0, g.depth - 1))}${g.name}`,
                }))}
              />
              <SelectField
                name="surveyId"
                label={labels.surveyId!}
                error={problem('surveyId')}
                selected={value('surveyId')}
                options={props.choices.surveys.map((s) => ({
                  value: s.id,
                  text: s.title,
                }))}
              />
              <Field
                name="k"
                type="number"
                label={labels.k!}
                min={MIN_K}
                value={value('k', String(props.choices.defaults.k))}
                hint={m.campaign_hint_k({ min: MIN_K })}
                error={problem('k')}
                required
              />
              <Field
                name="closesAt"
                type="datetime-local"
                label={labels.closesAt!}
                value={value('closesAt', props.choices.defaults.closesAt)}
                hint={m.campaign_hint_closes({})}
                error={problem('closesAt')}
                required
              />
              <Field
                name="name"
                label={labels.name!}
                value={value('name')}
                hint={m.campaign_hint_name({})}
                error={problem('name')}
              />
              <div class="actions">
                <button type="submit">{m.campaign_open_submit({})}</button>
              </div>
            </form>
          )}
        </section>
      )}
    </Page>
  )
}

/** The campaign's facts: status, group, k, window, teams. */
function CampaignFacts(props: {
  campaign: CampaignSummary
  surveyTitle: string
  locale: ReportLocale
}) {
  const { campaign: c, locale } = props
  const m = MESSAGES[locale]
  const fact = (term: string, value: string | number) => (
    <div>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  )
  return (
    <dl class="facts">
      {fact(m.campaign_fact_status({}), statusWord(c.status, locale))}
      {fact(m.campaign_fact_group({}), c.groupName)}
      {fact(m.campaign_fact_survey({}), props.surveyTitle)}
      {fact(m.campaign_fact_k({}), c.k)}
      {fact(m.campaign_fact_opens({}), localDay(c.opensAt, locale))}
      {fact(m.campaign_fact_closes({}), localDay(c.closesAt, locale))}
      {fact(m.campaign_fact_teams({}), c.teams)}
      {c.releasedOn && fact(m.campaign_fact_released({}), localDay(c.releasedOn, locale))}
    </dl>
  )
}

/** /campaigns/{id}: the summary; once released, the heatmap with its legend and explanation. */
export function CampaignPage(
  props: Frame & {
    campaign: CampaignSummary
    surveyTitle: string
    /** Whether this person may close it (admins, leads of its group or above). */
    mayClose: boolean
    map: Heatmap | null
    sort?: string | undefined
    dir: SortDir
  },
) {
  const { campaign: c, locale } = props
  const m = MESSAGES[locale]
  const self = `/campaigns/${c.id}`
  return (
    <Page title={c.name} lang={locale} user={props.user} csrf={props.csrf}>
      <p>
        <a href={`/campaigns${lq(locale)}`}>← {m.campaign_all({})}</a>
      </p>
      <h1>{c.name}</h1>
      {props.done && (
        <div class="notice ok" role="status">
          <p>{props.done}</p>
        </div>
      )}
      <CampaignFacts campaign={c} surveyTitle={props.surveyTitle} locale={locale} />
      {c.status === 'open' || c.status === 'scheduled' ? (
        <>
          <p class="notice">
            {c.status === 'open' ? m.campaign_while_open({}) : m.campaign_while_scheduled({})}
          </p>
          {props.mayClose && (
            <form method="post" action={`${self}/close${lq(locale)}`}>
              <CsrfField token={props.csrf} />
              <button type="submit" class="secondary">
                {m.campaign_close_now({})}
              </button>
            </form>
          )}
        </>
      ) : c.status === 'closing' ? (
        <p class="notice" role="status">
          {m.campaign_while_closing({})}
        </p>
      ) : c.status === 'rejected' ? (
        <p class="notice warn">{m.campaign_rejected({})}</p>
      ) : (
        props.map && <Released {...props} map={props.map} self={self} />
      )}
    </Page>
  )
}

function Released(props: {
  campaign: CampaignSummary
  map: Heatmap
  locale: ReportLocale
  self: string
  sort?: string | undefined
  dir: SortDir
}) {
  const { campaign: c, map, locale } = props
  const m = MESSAGES[locale]
  return (
    <>
      <div class="actions">
        <a
          class="button secondary"
          href={`/api/campaigns/${c.id}/heatmap.csv${lq(locale)}`}
          download
        >
          {m.campaign_csv({})}
        </a>
        {map.cells
          .filter((cell) => cell.kind === 'group' && cell.depth === 0)
          .map((cell) => (
            <a href={`/groups/${cell.id}/trend${lq(locale)}`}>
              {m.campaign_group_trend({ group: cell.name })}
            </a>
          ))}
      </div>
      <h2 id="heatmap">{m.heatmap_heading({})}</h2>
      {map.cells.length === 0 ? (
        <p class="notice">{m.heatmap_empty({})}</p>
      ) : (
        <>
          <p class="hint">{m.heatmap_how({})}</p>
          <HeatmapTable
            map={map}
            locale={locale}
            sort={props.sort}
            dir={props.dir}
            self={props.self}
          />
          <HeatmapLegend scale={map.scale} locale={locale} />
        </>
      )}
      <section class="panel about-numbers" aria-labelledby="about-numbers">
        <h2 id="about-numbers">{m.heatmap_about({})}</h2>
        <p>{m.heatmap_about_k({ k: c.k })}</p>
        <p>{m.heatmap_about_fewer({})}</p>
        <p>{m.heatmap_about_protects({})}</p>
        <p>{m.heatmap_about_verify({})}</p>
        <pre class="code">
          <code>{`npm run verify -- --campaign ${c.id}`}</code>
        </pre>
      </section>
    </>
  )
}
