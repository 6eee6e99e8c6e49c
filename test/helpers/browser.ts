import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * Whether browser tests can run. In CI they must (.ci/run installs Debian's chromium), so a
 * missing browser fails there; locally the tests are skipped with a loud note on how to install.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  const message = `\n*** Browser tests need Debian's Chromium at ${CHROMIUM}: sudo apt-get install -y chromium ***\n`
  if (process.env.CI) throw new Error(message)
  console.warn(message)
  return false
}

/** Headless Chromium as the machine has it: no downloaded browser, no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
