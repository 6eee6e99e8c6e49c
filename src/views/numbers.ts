/** How report pages write numbers and dates, so every page (and its tests) agrees. */

/** A mean as released (two decimals), always with two digits so columns line up. */
export const formatMean = (x: number) => x.toFixed(2)

/** A percentage with at most one decimal: 66.7%, 100%. */
export const formatPercent = (x: number) => `${x.toFixed(1).replace(/\.0$/, '')}%`

/** A 95% interval as "3.10–4.90". */
export const formatInterval = (low: number, high: number) =>
  `${formatMean(low)}–${formatMean(high)}`

/** A signed change with a real minus sign: +0.80, −0.25, ±0.00. */
export function formatChange(x: number): string {
  if (x > 0) return `+${formatMean(x)}`
  if (x < 0) return `−${formatMean(-x)}`
  return `±${formatMean(0)}`
}

/** A day in UTC, the precision rounds are dated with: "9 Mar 2026". */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return ''
  return new Date(iso).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
}

/** Survey text languages a report can be read in. */
export type ReportLocale = 'en' | 'de'

export const reportLocale = (asked: string | undefined): ReportLocale =>
  asked === 'de' ? 'de' : 'en'

/** `?locale=de` for German survey texts; nothing for the default. */
export const localeQuery = (locale: ReportLocale, sep: '?' | '&' = '?') =>
  locale === 'en' ? '' : `${sep}locale=${locale}`
