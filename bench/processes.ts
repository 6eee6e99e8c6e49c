import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** How a server is started: node's arguments, and a line saying so for the report. */
export interface Launch {
  args: string[]
  how: string
}

/**
 * Quorum as `npm start` runs it: bundled by scripts/build.mjs, then plain node. Without the build
 * script (or when it fails) we fall back to the tsx loader in the same process, and say so: the
 * echo server is then started the same way, so neither side carries a loader the other lacks.
 */
export function quorumLaunch(): Launch {
  const script = join(ROOT, 'scripts/build.mjs')
  if (existsSync(script)) {
    const built = spawnSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' })
    if (built.status === 0) {
      // Exactly what `npm start` runs after its build, flags and all.
      const start = (
        JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
          scripts: { start: string }
        }
      ).scripts.start
      const run = start.split(' && ').at(-1)!
      return { args: run.split(' ').slice(1), how: `${run} (bundled by scripts/build.mjs)` }
    }
    console.warn(`scripts/build.mjs failed, falling back to tsx:\n${built.stderr.slice(-2000)}`)
  }
  return {
    args: ['--import', 'tsx', 'src/node.ts'],
    how: 'node --import tsx src/node.ts (no build)',
  }
}

/** The bare echo server, compiled the same way as Quorum (or run by tsx if Quorum is). */
export async function echoLaunch(quorum: Launch, dir: string): Promise<Launch> {
  if (quorum.args.includes('tsx')) return { args: ['--import', 'tsx', 'bench/echo.ts'], how: 'tsx' }
  const outfile = join(dir, 'echo.mjs')
  // Packages stay external, as in Quorum's bundle; they resolve through this link.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'))
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/echo.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: 'warning',
  })
  // The same node flags as Quorum's (source maps, heap sizes), so only the code differs.
  const flags = quorum.args.slice(0, -1)
  return { args: [...flags, outfile], how: `esbuild bundle, packages external, ${flags.join(' ')}` }
}

export interface Server {
  name: string
  url: string
  pid: number
  /** The first log lines and stderr lines once running (at LOG_LEVEL=warn: warnings, errors). */
  output: string[]
  /** How many lines it printed once running. */
  outputCount: () => number
  exited: () => string | undefined
  stop: () => Promise<void>
}

const running = new Set<ChildProcess>()
const KEPT_LINES = 200

/** Kills whatever is still running; for exit paths that cannot wait. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
  running.clear()
}

/** Spawns a server and waits for its `… is running at http://…` line on stdout. */
export function startServer(
  name: string,
  launch: Launch,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Server> {
  const child = spawn(process.execPath, launch.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let url: string | undefined
  const early: string[] = []
  const output: string[] = []
  let outputCount = 0
  let exitInfo: string | undefined
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`
      running.delete(child)
      resolve()
    }),
  )
  const stop = async () => {
    if (exitInfo) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      if (url) return
      void stop()
      reject(new Error(`${name} did not start: ${why}\n${early.slice(-20).join('\n')}`))
    }
    const timer = setTimeout(() => fail(`no "running at" line within ${timeoutMs} ms`), timeoutMs)
    child.on('exit', () => fail(exitInfo ?? 'exited'))
    // Both streams are read to the end, so a chatty server never blocks on a full pipe.
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => {
        if (url) {
          // Log lines are JSON; the rest of stdout is the start-up banner (with a set-up link).
          if (stream === child.stdout && !line.startsWith('{')) return
          outputCount += 1
          if (output.length < KEPT_LINES) output.push(line)
          return
        }
        early.push(line)
        const match = /running at (http:\/\/[^\s]+)/.exec(line)
        if (!match?.[1] || child.pid === undefined) return
        url = match[1].replace(/\/+$/, '')
        clearTimeout(timer)
        resolve({
          name,
          url,
          pid: child.pid,
          output,
          outputCount: () => outputCount,
          exited: () => exitInfo,
          stop,
        })
      })
  })
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB, from /proc. */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
    return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 }
  } catch {
    return undefined
  }
}

/** Runs `run` while sampling a process's RSS every 100 ms; returns its result and the peak MB. */
export async function whileSampling<T>(pid: number, run: () => Promise<T>): Promise<[T, number]> {
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, memoryOf(pid)?.rssMb ?? 0)), 100)
  try {
    const result = await run()
    return [result, peak]
  } finally {
    clearInterval(timer)
  }
}
