import type { Child } from 'hono/jsx'
import type { LocalizedText, SurveyDefinition } from '../domain/survey'
import type { User } from '../domain/users'
import { Page } from './layout'

const LANGUAGE: Record<string, string> = { en: 'English', de: 'Deutsch' }

/** A table that scrolls sideways on narrow screens, named by its caption. */
function Table(props: {
  id: string
  caption: string
  hideCaption?: boolean
  head: Child
  children: Child
}) {
  return (
    <div class="table-wrap" role="region" aria-labelledby={props.id} tabindex={0}>
      <table>
        <caption id={props.id} class={props.hideCaption ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>{props.head}</thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  )
}

/**
 * A survey version as its authors wrote it: every text in each of its languages side by side,
 * the scales with their favourable range, and reverse-scored items marked.
 */
export function SurveyPreviewPage(props: {
  user: User
  csrf: string
  survey: SurveyDefinition
  source: 'builtin' | 'custom'
  used: boolean
}) {
  const { survey } = props
  const locales = survey.locales
  const heads = locales.map((l) => (
    <th scope="col" lang={l}>
      {LANGUAGE[l] ?? l}
    </th>
  ))
  const texts = (text: LocalizedText | undefined, extra?: LocalizedText) =>
    locales.map((l) => (
      <td lang={l}>
        {text?.[l] ?? '—'}
        {extra?.[l] && <span class="hint block">{extra[l]}</span>}
      </td>
    ))
  const dimensionTitle = (id: string | undefined) =>
    survey.dimensions.find((d) => d.id === id)?.title.en ?? '(reported alone)'
  const manyScales = survey.scales.length > 1
  return (
    <Page title={`Survey: ${survey.title.en}`} user={props.user} csrf={props.csrf}>
      <p>
        <a href="/admin/surveys">All surveys</a>
      </p>
      <h1>{survey.title.en}</h1>
      <dl class="facts">
        <dt>Id</dt>
        <dd>
          <code>{survey.id}</code>
        </dd>
        <dt>Version</dt>
        <dd>{survey.version}</dd>
        <dt>Kind</dt>
        <dd>{props.source === 'builtin' ? 'Built-in' : 'Custom'}</dd>
        <dt>Languages</dt>
        <dd>{locales.map((l) => LANGUAGE[l] ?? l).join(', ')}</dd>
        <dt>Used by a round</dt>
        <dd>
          {props.used ? 'Yes, so it can no longer change' : 'No, so it can still be replaced'}
        </dd>
      </dl>
      <p>
        <a href={`/api/surveys/${survey.id}?version=${survey.version}`}>The definition as JSON</a>
      </p>

      <h2>Title and description</h2>
      <Table
        id="texts"
        caption="Title and description"
        hideCaption
        head={
          <tr>
            <th scope="col">
              <span class="visually-hidden">Text</span>
            </th>
            {heads}
          </tr>
        }
      >
        <tr>
          <th scope="row">Title</th>
          {texts(survey.title)}
        </tr>
        {survey.description && (
          <tr>
            <th scope="row">Description</th>
            {texts(survey.description)}
          </tr>
        )}
      </Table>

      <h2>Scales</h2>
      {survey.scales.map((scale) => (
        <Table
          id={`scale-${scale.id}`}
          caption={`Scale “${scale.id}”: answers from ${scale.favourableFrom} up are favourable`}
          head={
            <tr>
              <th scope="col" class="num">
                Value
              </th>
              {heads}
            </tr>
          }
        >
          {scale.points.map((p) => (
            <tr>
              <th scope="row" class="num">
                {p.value}
                {p.value >= scale.favourableFrom && (
                  <span class="visually-hidden"> favourable</span>
                )}
                {p.value >= scale.favourableFrom && ' ✓'}
              </th>
              {texts(p.label)}
            </tr>
          ))}
        </Table>
      ))}

      <h2>Dimensions</h2>
      {survey.dimensions.length === 0 ? (
        <p>None: every item is reported on its own.</p>
      ) : (
        <Table
          id="dimensions"
          caption={`Dimensions (${survey.dimensions.length}), with their descriptions`}
          head={
            <tr>
              <th scope="col">Dimension</th>
              {heads}
            </tr>
          }
        >
          {survey.dimensions.map((d) => {
            const count = survey.items.filter((i) => i.dimension === d.id).length
            return (
              <tr>
                <th scope="row">
                  <code>{d.id}</code>
                  <span class="hint block">{count === 1 ? '1 item' : `${count} items`}</span>
                </th>
                {texts(d.title, d.description)}
              </tr>
            )
          })}
        </Table>
      )}

      <h2>Items</h2>
      <p class="hint">
        Reverse-scored items (R) are negatively worded: their answers are flipped on the scale
        before dimension scores and favourable percentages.
      </p>
      <Table
        id="items"
        caption={`Items (${survey.items.length})`}
        head={
          <tr>
            <th scope="col">Item</th>
            {heads}
          </tr>
        }
      >
        {survey.items.map((item, i) => (
          <tr>
            <th scope="row">
              {`${i + 1}. `}
              <code>{item.id}</code>
              <span class="hint block">{dimensionTitle(item.dimension)}</span>
              {manyScales && (
                <span class="hint block">Scale: {item.scale ?? survey.scales[0]?.id}</span>
              )}
              {item.reverse && <strong class="block">Reverse-scored (R)</strong>}
            </th>
            {texts(item.text)}
          </tr>
        ))}
      </Table>

      <h2>Free-text questions</h2>
      {survey.questions.length === 0 ? (
        <p>None.</p>
      ) : (
        <Table
          id="questions"
          caption={`Free-text questions (${survey.questions.length})`}
          head={
            <tr>
              <th scope="col">Id</th>
              <th scope="col" class="num">
                Max. characters
              </th>
              {heads}
            </tr>
          }
        >
          {survey.questions.map((q) => (
            <tr>
              <th scope="row">
                <code>{q.id}</code>
              </th>
              <td class="num">{q.maxLength}</td>
              {texts(q.text)}
            </tr>
          ))}
        </Table>
      )}
    </Page>
  )
}
