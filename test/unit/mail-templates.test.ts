import { describe, expect, it } from 'vitest'
import {
  facilitatorMail,
  invitationMail,
  reminderMail,
  type MailContent,
  type MemberMailInput,
} from '../../src/mail/templates'
import { mailDe } from '../../src/messages/mail-de'
import { mailEn } from '../../src/messages/mail-en'

const LINK = 'https://quorum.example.org/s/r_01HX#c2VjcmV0-_LINK'
const SIGN_IN = 'https://quorum.example.org/sign-in#dG9rZW4-_TOKEN'
const NOW = '2026-03-02T09:00:00Z'

const member = (over: Partial<MemberMailInput> = {}): MemberMailInput => ({
  locale: 'en',
  teamName: 'Platform',
  surveyTitle: 'Psychological safety',
  link: LINK,
  opensAt: NOW,
  closesAt: '2026-03-20T16:00:00Z',
  timeZone: 'Europe/Berlin',
  links: 13,
  teamSize: 11,
  k: 4,
  memberName: 'Ada',
  ...over,
})

const facilitator = (locale: 'en' | 'de', teamName = 'Platform') =>
  facilitatorMail({
    locale,
    teamName,
    surveyTitle: 'Psychological safety',
    link: SIGN_IN,
    expiresAt: '2026-03-03T09:00:00Z',
    closesAt: '2026-03-20T16:00:00Z',
    timeZone: 'Europe/Berlin',
  })

/** What every mail must hold to: one link, verbatim, and nothing that loads or tracks. */
function expectSelfContained(mail: MailContent, link: string, lang: 'en' | 'de') {
  for (const part of [mail.text, mail.html])
    expect(part.match(/https?:\/\/[^\s"<>]+/g)).toEqual(
      part === mail.text ? [link] : [link, link], // html: the href and the visible text
    )
  expect(mail.text.split('\n')).toContain(link) // on a line of its own
  expect(mail.html).toContain(`<a href="${link}"`)
  expect(mail.html.match(/<a\s/g)).toHaveLength(1)
  expect(mail.html).toMatch(new RegExp(`^<!doctype html>\\n<html lang="${lang}">`))
  expect(mail.html).toMatch(/<\/html>\n$/)
  for (const loader of ['<img', 'src=', '<link', '<style', '@import', 'url(', '<script'])
    expect(mail.html.toLowerCase()).not.toContain(loader)
}

describe('invitation mail', () => {
  it('says what, when, how anonymous, and how many links exist, in English', () => {
    const mail = invitationMail(member(), NOW)
    expectSelfContained(mail, LINK, 'en')
    expect(mail.subject).toBe('Psychological safety for Platform: 2 minutes, anonymous')
    expect(mail.text).toContain('Hello Ada,')
    expect(mail.text).toContain('about two minutes')
    // ICU versions differ in commas; the day, the date, the time and the zone are what matter.
    expect(mail.text).toMatch(
      /It closes on Friday,? 20 March 2026 at 17:00 CET \(Europe\/Berlin\)\./,
    )
    expect(mail.text).not.toContain('opens')
    expect(mail.text).toContain('without any link to you')
    expect(mail.text).toContain('at least 4 people')
    expect(mail.text).toContain('not even the facilitator')
    expect(mail.text).toContain(
      'This link is yours alone; do not forward it. This round has 13 links for a team of 11 — if that looks wrong, say so.',
    )
    expect(mail.html).toContain('13 links for a team of 11')
  })

  it('names the opening time only while it is ahead, and leaves out an unknown team size', () => {
    const later = invitationMail(member({ opensAt: '2026-03-05T08:00:00Z', teamSize: null }), NOW)
    expect(later.text).toMatch(
      /It opens on Thursday,? 5 March 2026 at 09:00 CET \(Europe\/Berlin\) and closes on Friday/,
    )
    expect(later.text).toContain('This round has 13 links — if that looks wrong, say so.')
    expect(later.text).not.toContain('team of')
  })

  it('speaks German with umlauts, in the team’s time zone', () => {
    const mail = invitationMail(
      member({ locale: 'de', memberName: 'Jürgen', timeZone: 'America/New_York' }),
      NOW,
    )
    expectSelfContained(mail, LINK, 'de')
    expect(mail.subject).toBe('Psychological safety für Platform: 2 Minuten, anonym')
    expect(mail.text).toContain('Hallo Jürgen,')
    expect(mail.text).toContain('Dein persönlicher Link:')
    expect(mail.text).toContain(
      'Sie endet am Freitag, 20. März 2026 um 12:00 GMT-4 (America/New_York).',
    )
    expect(mail.text).toContain('mindestens 4 Personen')
    expect(mail.text).toContain('13 Links für ein Team von 11 Personen')
    expect(mail.html).toContain('persönlicher')
  })

  it('escapes every value in HTML and leaves the text as written', () => {
    const evil = '<script>alert("x")</script> & Co'
    const mail = invitationMail(member({ teamName: evil, memberName: '<b>Ada</b>' }), NOW)
    expect(mail.text).toContain(evil)
    expect(mail.text).toContain('Hello <b>Ada</b>,')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    expect(mail.html).not.toContain('<script')
    expect(mail.html).not.toContain('<b>')
    expectSelfContained(mail, LINK, 'en')
  })

  it('keeps a team name on one subject line', () => {
    expect(invitationMail(member({ teamName: 'A\r\nBcc: x@example.org' }), NOW).subject).toBe(
      'Psychological safety for A Bcc: x@example.org: 2 minutes, anonymous',
    )
  })
})

describe('reminder mail', () => {
  it('gives the closing time and the same link, and says nothing about anyone else', () => {
    for (const locale of ['en', 'de'] as const) {
      const mail = reminderMail(member({ locale }), NOW)
      expectSelfContained(mail, LINK, locale)
      expect(mail.text).toContain('(Europe/Berlin)')
      expect(mail.text).toMatch(/the same as before|derselbe wie zuvor/)
      for (const part of [mail.subject, mail.text, mail.html]) {
        // No count (links 13, team 11, k 4) and no word about other people.
        expect(part).not.toMatch(/\b(4|11|13)\b/)
        expect(part).not.toMatch(
          /people|team of|most|others|colleagues|Personen|Team von|meisten|andere|Kolleg/i,
        )
      }
    }
  })
})

describe('facilitator mail', () => {
  it('hands over the single-use sign-in link and says what the role involves', () => {
    const en = facilitator('en')
    expectSelfContained(en, SIGN_IN, 'en')
    expect(en.subject).toBe('Your turn to facilitate Psychological safety for Platform')
    expect(en.text).toMatch(
      /It works once and is valid until Tuesday,? 3 March 2026 at 10:00 CET \(Europe\/Berlin\):/,
    )
    expect(en.text).toContain('Hand out nothing')
    expect(en.text).toMatch(/closes by itself on Friday,? 20 March 2026 at 17:00 CET/)
    expect(en.text).toMatch(/report/)
    expect(en.text).toMatch(/debrief/)

    const de = facilitator('de', '<Ops>')
    expectSelfContained(de, SIGN_IN, 'de')
    expect(de.text).toContain('gilt bis Dienstag, 3. März 2026 um 10:00 MEZ (Europe/Berlin):')
    expect(de.text).toContain('Die Runde schließen')
    expect(de.html).toContain('&lt;Ops&gt;')
  })
})

describe('mail wording', () => {
  it('has every message in both languages', () => {
    expect(Object.keys(mailDe).sort()).toEqual(Object.keys(mailEn).sort())
  })
})
