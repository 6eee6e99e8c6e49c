import { Hono } from 'hono'
import type { Deps } from '../../deps'
import type { RateLimiter } from '../../middleware/limiter'
import { APP_CSS, APP_JS } from '../../views/assets'
import type { AppEnv } from '../http'
import { accountPages } from './account'
import { adminPages } from './admin'
import { reportPages } from './reports'
import { respondPages } from './respond'
import { rosterPages } from './roster'
import { groupPages } from './groups'
import { campaignPages } from './campaigns'
import { sharedPages } from './shared'
import { teamPages } from './teams'
import { teamSettingsPages } from './team-settings'
import { schedulePages } from './schedules'
import { facilitatePages } from './facilitate'

/** The server-rendered pages, and their stylesheet and script from our own origin. */
export function webPages(deps: Deps, limiter: RateLimiter) {
  const app = new Hono<AppEnv>()
  const asset = (body: string, type: string) => () =>
    new Response(body, {
      headers: {
        'content-type': `${type}; charset=utf-8`,
        'cache-control': 'public, max-age=3600',
      },
    })
  app.get('/assets/app.css', asset(APP_CSS, 'text/css'))
  app.get('/assets/app.js', asset(APP_JS, 'text/javascript'))
  app.route('/', accountPages(deps, limiter))
  app.route('/', respondPages(deps, limiter))
  app.route('/', teamPages(deps))
  app.route('/', rosterPages(deps))
  app.route('/', groupPages(deps))
  app.route('/', campaignPages(deps))
  app.route('/', teamSettingsPages(deps))
  app.route('/', schedulePages(deps))
  app.route('/', facilitatePages(deps, limiter))
  app.route('/', reportPages(deps))
  app.route('/', sharedPages(deps))
  app.route('/', adminPages(deps))
  return app
}
