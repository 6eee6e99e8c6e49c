import type { OutgoingMail } from '../deps'
import type { Locale } from '../messages'
import { mailDe } from '../messages/mail-de'
import { mailEn, type MailWords } from '../messages/mail-en'

/** A mail's content; the caller adds the recipient. */
export type MailContent = Omit<OutgoingMail, 'to'>

/** An instant as a Date or an ISO string (as rounds store them). */
type Time = Date | string

const WORDS: Record<Locale, MailWords> = { en: mailEn, de: mailDe }

/** en-GB: day before month and a 24-hour clock, read the same way everywhere English is. */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' }

export interface MemberMailInput {
  locale: Locale
  teamName: string
  surveyTitle: string
  /** The member's own link, `…/s/<roundId>#<secret>`: copied verbatim, fragment and all. */
  link: string
  opensAt: Time
  closesAt: Time
  /** The team's IANA time zone, e.g. Europe/Berlin: times are shown there, zone named. */
  timeZone: string
  /** How many links the round has, and how many people the roster holds (null: unknown). */
  links: number
  teamSize: number | null
  k: number
  memberName?: string | null | undefined
}

/** A reminder takes an invitation's input but uses none of its counts (see reminderMail). */
export type ReminderInput = Omit<MemberMailInput, 'links' | 'teamSize' | 'k' | 'opensAt'> &
  Partial<Pick<MemberMailInput, 'links' | 'teamSize' | 'k' | 'opensAt'>>

export interface FacilitatorMailInput {
  locale: Locale
  teamName: string
  surveyTitle: string
  /** The single-use sign-in link. */
  link: string
  expiresAt: Time
  closesAt: Time
  timeZone: string
}

/**
 * A member's invitation: what the survey is, their personal link, when it runs, the anonymity
 * promise in plain words, and how many links exist, so that a stuffed ballot box gets noticed
 * by the people it would outvote (P6b). `now` is when it is sent: the opening time is mentioned
 * only while it is still ahead.
 */
export function invitationMail(input: MemberMailInput, now: Time): MailContent {
  const w = WORDS[input.locale]
  const when = (at: Time) => formatMailTime(at, input.locale, input.timeZone)
  const opensLater = new Date(input.opensAt).getTime() > new Date(now).getTime()
  return render(input.locale, w.invitationSubject(input), [
    { text: w.greeting(input.memberName ?? null) },
    { text: w.invitationIntro(input) },
    {
      text: w.invitationWhen({
        opensAt: opensLater ? when(input.opensAt) : null,
        closesAt: when(input.closesAt),
      }),
    },
    { lead: w.personalLink, link: input.link },
    { title: w.anonymityTitle, items: w.anonymity(input.k) },
    { text: w.linkIsYours(input) },
    { footer: w.rosterFooter(input.teamName) },
  ])
}

/**
 * A reminder: the round closes at …, and the same link again. It says nothing about anyone
 * else (no counts, no "most of your team answered"): social pressure built from who answered
 * would tell people that the server knows. It takes the invitation's arguments; `now` is
 * accepted for that symmetry and not needed.
 */
export function reminderMail(input: ReminderInput, _now?: Time): MailContent {
  const w = WORDS[input.locale]
  const closesAt = formatMailTime(input.closesAt, input.locale, input.timeZone)
  return render(input.locale, w.reminderSubject(input), [
    { text: w.greeting(input.memberName ?? null) },
    { text: w.reminderIntro({ ...input, closesAt }) },
    { lead: w.sameLink, link: input.link },
    { text: w.answeredAlready },
    { text: w.reminderAnonymity },
    { footer: w.rosterFooter(input.teamName) },
  ])
}

/** The rotating facilitator's turn: a single-use sign-in link and what the role involves. */
export function facilitatorMail(input: FacilitatorMailInput): MailContent {
  const w = WORDS[input.locale]
  const when = (at: Time) => formatMailTime(at, input.locale, input.timeZone)
  return render(input.locale, w.facilitatorSubject(input), [
    { text: w.greeting(null) },
    { text: w.facilitatorIntro(input) },
    { lead: w.signInLink(when(input.expiresAt)), link: input.link },
    { title: w.facilitatorTasksTitle, items: w.facilitatorTasks(when(input.closesAt)) },
    { text: w.notExpected },
    { footer: w.facilitatorFooter(input.teamName) },
  ])
}

/**
 * A time in the reader's language and the team's time zone, with the zone named: members read
 * mail wherever they are, and "17:00" alone would be wrong for some of them.
 */
export function formatMailTime(at: Time, locale: Locale, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(at))
  // "CET" or "GMT+1" alone is ambiguous; the zone's own name is not.
  return formatted.includes(timeZone) ? formatted : `${formatted} (${timeZone})`
}

/** One piece of a mail: a paragraph, the one link with its lead-in, a titled list, a footer. */
type Block =
  | { text: string }
  | { lead: string; link: string }
  | { title: string; items: string[] }
  | { footer: string }

/** The same blocks as plain text and as a small self-contained HTML document. */
function render(locale: Locale, subject: string, blocks: Block[]): MailContent {
  // A line break in a team name must not start a new header line.
  const oneLine = subject.replace(/[\r\n\t]+/g, ' ')
  return {
    subject: oneLine,
    text: blocks.map(textOf).join('\n\n') + '\n',
    html: htmlDocument(locale, oneLine, blocks.map(htmlOf).join('\n')),
  }
}

/** Plain text: the link alone on its line, so mail programs make exactly it clickable. */
function textOf(block: Block): string {
  if ('link' in block) return `${block.lead}\n${block.link}`
  if ('items' in block) return [block.title, ...block.items.map((item) => `- ${item}`)].join('\n')
  if ('footer' in block) return block.footer
  return block.text
}

const P = 'margin:0 0 16px'

/** HTML: every value escaped (team names are user input), inline styles only. */
function htmlOf(block: Block): string {
  if ('link' in block)
    return (
      `<p style="${P}">${escapeHtml(block.lead)}<br>` +
      `<a href="${escapeHtml(block.link)}" style="color:#0b57d0;font-weight:600;word-break:break-all">` +
      `${escapeHtml(block.link)}</a></p>`
    )
  if ('items' in block)
    return (
      `<h2 style="margin:24px 0 8px;font-size:16px">${escapeHtml(block.title)}</h2>\n` +
      `<ul style="${P};padding-left:20px">` +
      block.items.map((item) => `<li style="margin:0 0 6px">${escapeHtml(item)}</li>`).join('') +
      '</ul>'
    )
  if ('footer' in block)
    return `<p style="margin:32px 0 0;font-size:13px;color:#57606a">${escapeHtml(block.footer)}</p>`
  return `<p style="${P}">${escapeHtml(block.text)}</p>`
}

/**
 * The whole document: no images, no remote styles or fonts, nothing that loads from anywhere, so
 * opening the mail tells nobody that it was opened.
 */
function htmlDocument(locale: Locale, subject: string, body: string): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px 16px;background:#ffffff;color:#1f2328;' +
      "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;" +
      'font-size:16px;line-height:1.5">',
    `<div style="max-width:560px;margin:0 auto">\n${body}\n</div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text safe inside HTML elements and quoted attributes. */
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}
