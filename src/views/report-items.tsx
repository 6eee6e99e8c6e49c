import type { RoundReport } from '../domain/report'
import { DistributionTable, IntervalChart } from './bars'
import { formatInterval, formatMean, formatPercent, type ReportLocale } from './numbers'

const scaleRange = (values: { value: number }[]) => ({
  min: Math.min(...values.map((d) => d.value)),
  max: Math.max(...values.map((d) => d.value)),
})

/** Per dimension: the mean with its 95% interval, drawn and written, and the favourable share. */
export function DimensionResults({
  report,
  locale,
}: {
  report: Pick<RoundReport, 'dimensions'>
  locale: ReportLocale
}) {
  return (
    <section aria-labelledby="dimensions">
      <h2 id="dimensions">Dimensions</h2>
      <p class="hint">
        A person’s dimension score is the average of their answers in it, with reverse-worded items
        flipped. Shown: the team’s mean, its 95% interval (where the team’s score most likely lies;
        wide when few answered) and the share of favourable scores.
      </p>
      <div class="grid">
        {report.dimensions.map((d) => {
          const { min, max } = scaleRange(d.distribution)
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
              </dl>
              <IntervalChart
                mean={d.mean}
                low={d.low}
                high={d.high}
                min={min}
                max={max}
                label={d.title}
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
        Item means are on the item’s own scale. For reverse-worded items a low answer is the
        favourable one.
      </p>
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
                  {item.reverse && <span class="muted"> (reverse-worded)</span>}
                </p>
                <dl class="stats">
                  <div>
                    <dt>Mean</dt>
                    <dd>{formatMean(item.mean)}</dd>
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
                />
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
