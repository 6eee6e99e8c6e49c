import { Hono, type Context } from 'hono'
import { z } from 'zod'
import type { Deps } from '../../deps'
import { asUser } from '../../domain/actor'
import { MIN_K } from '../../domain/anonymity'
import { AppError } from '../../domain/errors'
import { defaultClosingTime, parseLocalInput } from '../../domain/time'
import { localize } from '../../domain/survey'
import type { User } from '../../domain/users'
import { fieldMessageOf, messageOf, MESSAGES } from '../../messages'
import {
  closeCampaign,
  getCampaign,
  listCampaignsFor,
  openCampaign,
  requireCampaign,
  summarize,
} from '../../services/campaigns'
import { campaignCellReport, campaignHeatmap, groupTrend } from '../../services/campaign-views'
import { groupsLedBy, listGroups } from '../../services/groups'
import { getSurvey, listSurveys } from '../../services/surveys'
import { CampaignPage, CampaignsPage } from '../../views/campaigns'
import { CellPage } from '../../views/campaign-cell'
import { GroupTrendPage } from '../../views/group-trend'
import { reportLocale, type ReportLocale } from '../../views/numbers'
import { statusOf } from '../error-status'
import type { AppEnv } from '../http'
import { askFirst } from './ask-first'
import { csrfToken, pageUser, readForm } from './context'
import { parseForm, toDatetimeLocal, WholeNumber } from './forms'

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/

/** The open-campaign form: choices checked against what the page offered; times in UTC. */
const OpenCampaignForm = (
  now: Date,
  groupIds: string[],
  surveyIds: string[],
  locale: ReportLocale,
) => {
  const m = MESSAGES[locale]
  return z.object({
    groupId: z.string().refine((id) => groupIds.includes(id), m.campaign_choose_group({})),
    surveyId: z.string().refine((id) => surveyIds.includes(id), m.campaign_choose_survey({})),
    k: WholeNumber(MIN_K, 1000),
    closesAt: z
      .string()
      .trim()
      .regex(DATETIME_LOCAL, m.campaign_closes_format({}))
      .transform((v) => parseLocalInput(v, 'UTC') ?? new Date(NaN))
      .refine((d) => !Number.isNaN(d.getTime()), m.campaign_closes_format({}))
      .refine((d) => d.getTime() > now.getTime(), m.campaign_closes_future({})),
    name: z.string().trim().max(100),
  })
}

const DONE = { opened: 'campaign_done_opened', closed: 'campaign_done_closed' } as const

/** The flash after a redirect (`?done=opened`), in the page's language. */
const doneOf = (c: Context<AppEnv>, locale: ReportLocale) => {
  const key = DONE[c.req.query('done') as keyof typeof DONE]
  return key ? MESSAGES[locale][key]({}) : undefined
}

const lq = (locale: ReportLocale, sep: '?' | '&' = '?') =>
  locale === 'en' ? '' : `${sep}locale=${locale}`

/** Campaign pages: the list and the form to open one, a campaign's heatmap, a cell, a group's trend. */
export function campaignPages(deps: Deps) {
  const app = new Hono<AppEnv>()

  /** The newest version of each survey, for the form. */
  async function surveyChoices() {
    const seen = new Set<string>()
    return (await listSurveys(deps))
      .filter((s) => !seen.has(s.id) && seen.add(s.id))
      .map((s) => ({ id: s.id, version: s.version, title: s.title }))
  }

  async function renderList(
    c: Context<AppEnv>,
    user: User,
    locale: ReportLocale,
    form: { values?: Record<string, string>; error?: AppError } = {},
  ) {
    const actor = asUser(user)
    const led = await groupsLedBy(deps, actor)
    const mayOpen = led === 'all' || led.size > 0
    const now = deps.now()
    const error = form.error && {
      message: messageOf(form.error, locale),
      fields: form.error.fields.map((f) => ({ ...f, message: fieldMessageOf(f, locale) })),
    }
    return c.html(
      <CampaignsPage
        user={user}
        csrf={await csrfToken(deps, c)}
        locale={locale}
        done={doneOf(c, locale)}
        campaigns={mayOpen ? await listCampaignsFor(deps, actor) : []}
        mayOpen={mayOpen}
        choices={{
          groups: mayOpen ? (await listGroups(deps, actor)).groups : [],
          surveys: mayOpen ? await surveyChoices() : [],
          defaults: {
            k: deps.config.DEFAULT_K,
            closesAt: toDatetimeLocal(defaultClosingTime(now, 'UTC'), 'UTC'),
          },
        }}
        values={form.values}
        error={error}
      />,
      form.error ? statusOf(form.error.code) : 200,
    )
  }

  app.get('/campaigns', (c) => renderList(c, pageUser(c), reportLocale(c.req.query('locale'))))

  app.post('/campaigns', async (c) => {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const form = await readForm(deps, c)
    const actor = asUser(user)
    try {
      const groupIds = (await listGroups(deps, actor)).groups.map((g) => g.id)
      const surveyIds = (await surveyChoices()).map((s) => s.id)
      const input = parseForm(OpenCampaignForm(deps.now(), groupIds, surveyIds, locale), form)
      const { campaign } = await openCampaign(deps, actor, {
        groupId: input.groupId,
        surveyId: input.surveyId,
        k: input.k,
        closesAt: input.closesAt.toISOString(),
        name: input.name || undefined,
        baseUrl: c.var.baseUrl,
      })
      return c.redirect(`/campaigns/${campaign.id}?done=opened${lq(locale, '&')}`, 303)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      return renderList(c, user, locale, { values: form, error: err })
    }
  })

  app.get('/campaigns/:id', async (c) => {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const actor = asUser(user)
    const found = await requireCampaign(deps, actor, c.req.param('id'))
    const { reach } = found
    // A released campaign's heatmap carries its summary; otherwise the summary alone.
    const map =
      found.campaign.status === 'released'
        ? await campaignHeatmap(deps, actor, found.campaign.id, locale)
        : null
    const campaign = map?.campaign ?? (await summarize(deps, found.campaign, found.group))
    const survey = await getSurvey(deps, campaign.surveyId, campaign.surveyVersion)
    return c.html(
      <CampaignPage
        user={user}
        csrf={await csrfToken(deps, c)}
        locale={locale}
        done={doneOf(c, locale)}
        campaign={campaign}
        surveyTitle={localize(survey.title, locale)}
        mayClose={reach === 'all'}
        map={map}
        sort={c.req.query('sort')}
        dir={c.req.query('dir') === 'desc' ? 'desc' : 'asc'}
      />,
    )
  })

  // Closing is final: the first post asks what it does, the confirmed one closes and releases.
  app.post('/campaigns/:id/close', async (c) => {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const form = await readForm(deps, c)
    const actor = asUser(user)
    const { reach } = await requireCampaign(deps, actor, c.req.param('id'))
    const campaign = await getCampaign(deps, actor, c.req.param('id'))
    if (reach !== 'all') throw new AppError('admin_only')
    // Already closed (another tab, the timer): nothing to ask; the page shows the release.
    if (campaign.status === 'released' || campaign.status === 'rejected')
      return c.redirect(`/campaigns/${campaign.id}${lq(locale)}`, 303)
    const m = MESSAGES[locale]
    const asked = await askFirst(deps, c, form, async () => ({
      title: m.campaign_close_title({ name: campaign.name }),
      lines: [
        m.campaign_close_rounds({ teams: campaign.teams }),
        m.campaign_close_ledger({}),
        m.campaign_close_final({}),
      ],
      yes: m.campaign_close_yes({}),
      cancelHref: `/campaigns/${campaign.id}${lq(locale)}`,
    }))
    if (asked) return asked
    await closeCampaign(deps, actor, campaign.id)
    return c.redirect(`/campaigns/${campaign.id}?done=closed${lq(locale, '&')}#heatmap`, 303)
  })

  app.get('/campaigns/:id/cells/:cellId', async (c) => {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const actor = asUser(user)
    const id = c.req.param('id')
    const report = await campaignCellReport(deps, actor, id, c.req.param('cellId'), locale)
    const parentId = report.cell.parentId
    // The parent's name, where this person sees the parent too (a sub-group's lead may not).
    const parent = parentId
      ? await campaignCellReport(deps, actor, id, parentId, locale).catch(() => undefined)
      : undefined
    return c.html(
      <CellPage
        user={user}
        csrf={await csrfToken(deps, c)}
        locale={locale}
        report={report}
        parentName={parent?.cell.name}
      />,
    )
  })

  app.get('/groups/:groupId/trend', async (c) => {
    const user = pageUser(c)
    const locale = reportLocale(c.req.query('locale'))
    const trend = await groupTrend(deps, asUser(user), c.req.param('groupId'), locale)
    const survey = trend.surveyId ? await getSurvey(deps, trend.surveyId) : null
    const values = survey?.scales[0]?.points.map((p) => p.value) ?? []
    const scale = values.length ? { min: Math.min(...values), max: Math.max(...values) } : null
    return c.html(
      <GroupTrendPage
        user={user}
        csrf={await csrfToken(deps, c)}
        locale={locale}
        trend={trend}
        scale={scale}
      />,
    )
  })

  return app
}
