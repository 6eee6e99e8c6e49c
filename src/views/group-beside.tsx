import type { GroupBeside } from '../domain/heatmap'
import type { DimensionResult } from '../domain/report'
import { MESSAGES } from '../messages'
import { localNumber } from './heatmap'
import type { ReportLocale } from './numbers'

/**
 * On a team's report: its group's score beside the team's, per dimension where the campaign's
 * ledger published both (the report's own dimensions are the team's published ones).
 */
export function GroupBesideSection(props: {
  beside: GroupBeside
  dimensions: readonly DimensionResult[]
  locale: ReportLocale
}) {
  const m = MESSAGES.en
  const { beside } = props
  const rows = props.dimensions.flatMap((d) => {
    const group = beside.scores.find((s) => s.dimension === d.id)
    return group ? [{ d, group }] : []
  })
  if (rows.length === 0) return null
  const n = (x: number) => localNumber(x, 'en')
  return (
    <section aria-labelledby="group-beside">
      <h2 id="group-beside">{m.group_beside_heading({})}</h2>
      <p class="hint">
        {m.group_beside_intro({ group: beside.groupName, campaign: beside.campaignName })}
      </p>
      <div class="table-wrap" role="region" aria-labelledby="group-beside" tabindex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{m.group_beside_dimension({})}</th>
              <th scope="col">{m.group_beside_team({})}</th>
              <th scope="col">{m.group_beside_group({ group: beside.groupName })}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ d, group }) => (
              <tr>
                <th scope="row" lang={props.locale}>
                  {d.title}
                </th>
                <td class="nowrap">
                  {n(d.mean)} [{n(d.low)}–{n(d.high)}]
                </td>
                <td class="nowrap">
                  {n(group.mean)} [{n(group.low)}–{n(group.high)}]
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
