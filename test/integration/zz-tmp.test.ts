import { it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../../src/cli/run'
it('x', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'q-'))
  const env = { DATABASE_PATH: join(dir, 'q.sqlite'), BALLOT_KEY_FILE: join(dir, 'k'), LOG_LEVEL: 'silent', PASSWORD_ITERATIONS: '10000', BASE_URL: 'http://localhost:8787' }
  const out: any = { tty: false, width: 100, style: { bold: (x: string) => x, dim: (x: string) => x, green: (x: string) => x, red: (x: string) => x }, print: (t = '') => console.log('OUT', t), note: (t: string) => console.log('ERR', t), progress: () => {}, endProgress: () => {} }
  console.log(await runCli(['create-team', '--name', 'P'], env, out))
})
