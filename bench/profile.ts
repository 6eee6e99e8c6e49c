// Profiling aid (not part of `npm run bench`): runs the submit load against a server started with
// --cpu-prof and prints the functions with the most self time. `npx tsx bench/profile.ts [seconds]`
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { closeClient } from './client'
import { runLoad } from './load'
import { memoryOf, quorumLaunch, startServer } from './processes'
import { bodyMaker, mintLinks, QuorumApi } from './quorum'

const seconds = Number(process.argv[2] ?? 6)
const dir = mkdtempSync(join(os.tmpdir(), 'quorum-profile-'))
const profiles = join(dir, 'profiles')
const launch = quorumLaunch()
const setupToken = randomBytes(24).toString('base64url')
const env = {
  PORT: '0',
  DATABASE_PATH: join(dir, 'data', 'q.sqlite'),
  BALLOT_KEY: randomBytes(32).toString('base64'),
  SETUP_TOKEN: setupToken,
  LOG_LEVEL: 'warn',
}
const minting = await startServer('quorum', launch, env)
const api = new QuorumApi(minting.url)
await api.signUp(setupToken)
const team = await api.createTeam('Profile')
const links = await mintLinks(api, team, 30_000, () => {})
const survey = await api.survey(links[0]!.roundId)
await minting.stop()
const server = await startServer(
  'quorum',
  {
    ...launch,
    args: [
      ...(process.env.NODE_ARGS ?? '').split(' ').filter(Boolean),
      '--cpu-prof',
      `--cpu-prof-dir=${profiles}`,
      ...launch.args,
    ],
  },
  env,
)
const body = bodyMaker(survey, Number(process.env.BODY ?? 280))
let i = 0
const result = await runLoad({
  base: server.url,
  connections: 50,
  seconds,
  next: () => {
    const link = links[i++ % links.length]!
    return { path: `/api/public/rounds/${link.roundId}/responses`, body: body(link.secret) }
  },
})
console.log(
  `rate ${result.rate.toFixed(0)}/s p50 ${result.p50.toFixed(1)} p99 ${result.p99.toFixed(1)} statuses ${JSON.stringify(result.statuses)}`,
)
closeClient()
console.log(memoryOf(server.pid))
console.log(server.output.slice(-2).join(' | '))
await server.stop()
const file = join(profiles, readdirSync(profiles)[0]!)
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
}
const self = new Map<number, number>()
for (const s of profile.samples) self.set(s, (self.get(s) ?? 0) + 1)
const byName = new Map<string, number>()
for (const node of profile.nodes) {
  const n = self.get(node.id) ?? 0
  const f = node.callFrame
  const key = `${f.functionName || '(anon)'} ${f.url.replace(/.*node_modules\//, '').replace(/.*\/dist\//, 'dist/')}:${f.lineNumber}`
  byName.set(key, (byName.get(key) ?? 0) + n)
}
const total = profile.samples.length
for (const [name, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 40))
  console.log(`${((100 * n) / total).toFixed(1).padStart(5)}%  ${name}`)
console.log(`profile: ${file}`)
