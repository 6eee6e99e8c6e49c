import type { RoundReport } from '../domain/report'
import { DistributionTable, IntervalChart, ToneLegend } from './bars'
import {
  formatChange,
  formatDay,
  formatInterval,
  formatMean,
  formatPercent,
  type ReportLocale,
} from './numbers'

const scaleRange = (values: { value: number }[]) => ({
  min: Math.min(...values.map((d) => d.value)),
  max: Math.max(...values.map((d) => d.value)),
})

/** Per dimension: the mean with its 95% interval, drawn and written, and the favourable share. */
export function DimensionResults({
  report,
  locale,
}: {
  report: Pick<RoundReport, 'dimensions'> & Partial<Pick<RoundReport, 'previous'>>
  locale: ReportLocale
}) {
  const previous = report.previous ?? null
  return (
    <section aria-labelledby="dimensions">
      <h2 id="dimensions">Dimensions</h2>
      <p class="hint">
        A person’s dimension score is the average of their answers in it, with reverse-worded items
        flipped. Shown: the team’s mean, its 95% interval (where the team’s score most likely lies;
        wide when few answered) and the share of favourable scores. Each person is drawn at the
        scale point nearest their score (halves go up), and a score is favourable exactly when that
        point is, so the bars and the favourable share always agree.
      </p>
      {previous && (
        <p class="hint">
          Beside each: the team’s previous released round of this survey (closed{' '}
          {formatDay(previous.closedAt)}) and the change since. A change is “beyond noise” when it
          is larger than chance would explain with this many people (Welch’s t-test, 5%), as on the
          trend.
        </p>
      )}
      <ToneLegend />
      <div class="grid">
        {report.dimensions.map((d) => {
          const { min, max } = scaleRange(d.distribution)
          const before = previous?.dimensions.find((x) => x.id === d.id)
          return (
            <div class="panel result">
              <h3 lang={locale}>{d.title}</h3>
              <dl class="stats">
                <div>
                  <dt>Mean</dt>
                  <dd>{formatMean(d.mean)}</dd>
                </div>
                <div>
                  <dt>95% interval</dt>
                  <dd>{formatInterval(d.low, d.high)}</dd>
                </div>
                <div>
                  <dt>Favourable</dt>
                  <dd>{formatPercent(d.favourablePercent)}</dd>
                </div>
                {before && (
                  <>
                    <div class="previous">
                      <dt>Previous round</dt>
                      <dd>{formatMean(before.mean)}</dd>
                    </div>
                    <div class={before.beyondNoise ? 'change beyond-noise' : 'change'}>
                      <dt>Change</dt>
                      <dd>
                        {formatChange(before.change)},{' '}
                        {before.beyondNoise ? <strong>beyond noise</strong> : 'within noise'}
                      </dd>
                    </div>
                  </>
                )}
              </dl>
              <IntervalChart
                mean={d.mean}
                low={d.low}
                high={d.high}
                min={min}
                max={max}
                label={d.title}
              />
              <DistributionTable
                caption={`How many people’s scores lie nearest each answer in: ${d.title}`}
                n={d.n}
                distribution={d.distribution}
              />
            </div>
          )
        })}
      </div>
    </section>
  )
}

/** Every item, grouped by dimension, with its mean, favourable share and answer distribution. */
export function ItemResults({
  report,
  locale,
}: {
  report: Pick<RoundReport, 'dimensions' | 'items'>
  locale: ReportLocale
}) {
  const titles = new Map(report.dimensions.map((d) => [d.id, d.title]))
  const groups = new Map<string, RoundReport['items']>()
  for (const item of report.items) {
    const key = item.dimension ?? ''
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return (
    <section aria-labelledby="items">
      <h2 id="items">Items</h2>
      <p class="hint">
        Higher is always better. Reverse-worded items (negatively worded, such as “mistakes are held
        against you”) are shown flipped, as they count in the dimension scores and the favourable
        share; their wording and mean as asked are beside them.
      </p>
      <ToneLegend />
      {[...groups].map(([dimension, items]) => (
        <>
          <h3 lang={dimension ? locale : undefined}>
            {dimension ? (titles.get(dimension) ?? dimension) : 'Other items'}
          </h3>
          <div class="grid">
            {items.map((item) => (
              <div class="panel result">
                <p class="item-text">
                  <span lang={locale}>{item.text}</span>
                  {item.reverse && (
                    <span class="muted"> (reverse-worded: shown flipped, so higher is better)</span>
                  )}
                </p>
                <dl class="stats">
                  <div>
                    <dt>Mean</dt>
                    <dd title={item.reverse ? `As asked: ${formatMean(item.mean)}` : undefined}>
                      {formatMean(item.scoredMean)}
                    </dd>
                  </div>
                  <div>
                    <dt>Favourable</dt>
                    <dd>{formatPercent(item.favourablePercent)}</dd>
                  </div>
                </dl>
                <DistributionTable
                  caption={`How many people gave each answer to: ${item.text}`}
                  n={item.n}
                  distribution={item.distribution}
                  reverse={item.reverse}
                />
                {item.reverse && (
                  <details class="as-asked">
                    <summary>As asked</summary>
                    <p>
                      Mean on the wording as asked: {formatMean(item.mean)} (lower is better here).
                      Flipped, each answer counts as its opposite:{' '}
                      {item.distribution.map((d) => `${d.value} → ${d.scored}`).join(', ')}.
                    </p>
                  </details>
                )}
              </div>
            ))}
          </div>
        </>
      ))}
    </section>
  )
}

/** Comments in the order the report gives them (shuffled at release), or why there are none. */
export function CommentResults({ report, locale }: { report: RoundReport; locale: ReportLocale }) {
  const { comments } = report
  const byQuestion = new Map<string, { question: string; texts: string[] }>()
  for (const entry of comments.entries) {
    const group = byQuestion.get(entry.questionId) ?? { question: entry.question, texts: [] }
    group.texts.push(entry.text)
    byQuestion.set(entry.questionId, group)
  }
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">Comments</h2>
      {!comments.released ? (
        <p>
          Comments appear only when at least {comments.minimum} people answered, so that their
          writing is harder to trace. This round had fewer, so its comments are not shown.
        </p>
      ) : comments.entries.length === 0 ? (
        <p>Nobody wrote a comment.</p>
      ) : (
        <>
          <p class="hint">In random order, not the order they were written in.</p>
          {[...byQuestion.values()].map((group) => (
            <>
              <h3 lang={locale}>{group.question}</h3>
              <ul class="comments">
                {group.texts.map((text) => (
                  <li>{text}</li>
                ))}
              </ul>
            </>
          ))}
        </>
      )}
    </section>
  )
}
