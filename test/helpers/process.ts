import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import pkg from '../../package.json'
import { PROJECT_ROOT } from '../../src/node/runtime'

let built = false

/**
 * An npm script that builds, then runs compiled JavaScript (`npm start`, `npm run cli`), split as
 * a test runs it: the build once per test process, and the command to spawn. Test files build in
 * parallel without harm: the build replaces each file in dist/ whole.
 */
export function compiledScript(name: 'start' | 'cli'): { command: string; args: string[] } {
  const [build, run] = pkg.scripts[name].split(' && ')
  if (build !== pkg.scripts.build || !run)
    throw new Error(`unexpected ${name} script: ${pkg.scripts[name]}`)
  if (!built) {
    const [, ...buildArgs] = build.split(' ')
    execFileSync(process.execPath, buildArgs, { cwd: PROJECT_ROOT, stdio: 'inherit' })
    built = true
  }
  const [bin, ...args] = run.split(' ')
  return { command: bin === 'node' ? process.execPath : bin!, args }
}

/** A port nobody listens on right now: servers print their URL from it, so 0 will not do. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The parts of the test runner's environment a user's shell would also have. Vitest adds its own
 * variables (BASE_URL=/ among them, which is also one of our settings), so nothing else passes.
 */
export function shellEnvironment(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT']
  return Object.fromEntries(
    keep.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])),
  )
}

export interface ProcessGroup {
  /** Every line written, in order, per stream and both together. */
  stdout: string[]
  stderr: string[]
  lines: string[]
  /** The exit code once the process has exited and its output has ended. */
  exited: Promise<number | null>
  /** SIGTERM to the whole group, SIGKILL if it has not exited in time; the exit code. */
  stop(timeoutMs?: number): Promise<number | null>
  /** SIGKILL to the whole group at once, as a crash or `kill -9` would; the exit code. */
  kill(): Promise<number | null>
  /** The first stdout match of `pattern`; fails if the process exits first or takes too long. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Whatever it printed so far, for error messages. */
  output(): string
}

/**
 * Starts a command detached in its own process group, so that stopping it also stops whatever
 * it spawned (wrangler's workerd and esbuild), and kills the group should the test process exit
 * first. stdin is closed: nothing may wait for an answer from a terminal.
 */
export function spawnGroup(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): ProcessGroup {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stdout: string[] = []
  const stderr: string[] = []
  const lines: string[] = []
  // 'close' comes after the output streams ended, so every line has been collected by then.
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null))
    child.once('close', (code) => resolve(code))
  })
  const killOnExit = () => signalGroup(child, 'SIGKILL')
  process.once('exit', killOnExit)
  let exitCode: number | null | undefined
  void exited.then((code) => (exitCode = code))
  const listeners = new Set<() => void>()
  const collect = (stream: NodeJS.ReadableStream, into: string[]) =>
    createInterface({ input: stream }).on('line', (line) => {
      into.push(line)
      lines.push(line)
      for (const listener of listeners) listener()
    })
  collect(child.stdout!, stdout)
  collect(child.stderr!, stderr)
  const output = () => lines.join('\n')

  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        for (const line of stdout) {
          const match = line.match(pattern)
          if (match) return done(() => resolve(match))
        }
        if (exitCode !== undefined)
          done(() => reject(new Error(`${command} exited (${exitCode}):\n${output()}`)))
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`))),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        listeners.delete(check)
        settle()
      }
      listeners.add(check)
      void exited.then(check)
      check()
    })

  const stop = async (timeoutMs = 5000): Promise<number | null> => {
    signalGroup(child, 'SIGTERM')
    // The leader may exit before what it spawned has: wait for the whole group, then kill the rest.
    const deadline = Date.now() + timeoutMs
    while (groupAlive(child) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    signalGroup(child, 'SIGKILL')
    process.off('exit', killOnExit)
    return exited
  }

  /** SIGKILL to the whole group at once, as a crash or `kill -9` would; the exit code. */
  const kill = async (): Promise<number | null> => {
    signalGroup(child, 'SIGKILL')
    process.off('exit', killOnExit)
    return exited
  }

  return { stdout, stderr, lines, exited, stop, kill, waitFor, output }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}

/** Signals a detached child's whole process group. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}
