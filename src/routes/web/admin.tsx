import { Hono } from 'hono'
import type { Deps } from '../../deps'
import type { AppEnv } from '../http'

/** Placeholder: filled in by the web-pages work. */
export function adminPages(_deps: Deps) {
  return new Hono<AppEnv>()
}
