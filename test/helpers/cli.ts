import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Output } from '../../src/cli/output'
import { runCli } from '../../src/cli/run'

/**
 * A fresh database file (and key file) for CLI tests, in a folder of its own that `remove`
 * deletes; `run` runs the CLI in this process on it, its output captured (fast, for the many
 * small cases).
 */
export function cliWorkspace(prefix: string, extra: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const env: Record<string, string> = {
    DATABASE_PATH: join(dir, 'data', 'quorum.sqlite'),
    BALLOT_KEY_FILE: join(dir, 'quorum.key'),
    LOG_LEVEL: 'silent',
    PASSWORD_ITERATIONS: '10000',
    BASE_URL: 'http://localhost:8787',
    ...extra,
  }
  const run = async (args: string[], more: Record<string, string> = {}) => {
    let stdout = ''
    let stderr = ''
    const plain = (text: string) => text
    const out: Output = {
      tty: false,
      width: 100,
      style: { bold: plain, dim: plain, green: plain, red: plain },
      print: (text = '') => void (stdout += text + '\n'),
      note: (text) => void (stderr += text + '\n'),
      progress: (text) => void (stdout += text + '\n'),
      endProgress: () => {},
    }
    const code = await runCli(args, { ...env, ...more }, out)
    return { code, stdout, stderr }
  }
  return { dir, env, run, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
