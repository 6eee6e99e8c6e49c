import { ConfigError, parseConfig } from '../config'
import { jsonLogger } from '../deps'
import { AppError } from '../domain/errors'
import { SurveyFileError } from '../domain/survey'
import { startNodeRuntime, type NodeRuntime } from '../node/runtime'
import { parseCommandArgs, usageOf, UsageError, type CliContext, type Command } from './command'
import { COMMANDS } from './commands'
import type { Output } from './output'

/**
 * The operator CLI: `npm run cli -- <command> [options]`. It works on the database directly
 * through the same service functions as the HTTP API. Exit codes: 0 done, 1 the service refused
 * or failed, 2 bad command-line input.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: Output,
): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const wanted = name === 'help' ? COMMANDS.find((c) => c.name === args[0]) : undefined
    if (wanted) printCommandHelp(out, wanted)
    else printHelp(out)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    out.note(`error: unknown command '${name}'`)
    out.note('Run `npm run cli -- help` to see all commands.')
    return 2
  }
  if (args.includes('--help') || args.includes('-h')) {
    printCommandHelp(out, command)
    return 0
  }

  let runtime: NodeRuntime | undefined
  const ctx: CliContext = {
    env,
    out,
    open: async (options = {}) => {
      if (runtime) return runtime.deps
      const config = parseConfig(env)
      // Log lines go to stderr, and only warnings unless asked, so stdout stays the command's.
      const level = env.LOG_LEVEL ? config.LOG_LEVEL : 'warn'
      const log = jsonLogger(level, (line) => process.stderr.write(line + '\n'))
      runtime = await startNodeRuntime(config, { log, ...options })
      return runtime.deps
    },
  }
  try {
    const input = parseCommandArgs(command, args)
    await command.run(ctx, input)
    return 0
  } catch (err) {
    out.endProgress()
    return reportError(out, command, err)
  } finally {
    await runtime?.close()
  }
}

function reportError(out: Output, command: Command, err: unknown): number {
  if (err instanceof UsageError) {
    out.note(`error: ${err.message}`)
    out.note(usageOf(command))
    return 2
  }
  if (err instanceof AppError) {
    out.note(`error: ${err.message}`)
    for (const field of err.fields) out.note(`  ${field.path}: ${field.message}`)
    return 1
  }
  if (err instanceof ConfigError || err instanceof SurveyFileError) {
    out.note(`error: ${err.message}`)
    return 1
  }
  // Anything else is a bug: show everything that helps to fix it.
  out.note(`Unexpected error in '${command.name}':`)
  out.note(err instanceof Error ? (err.stack ?? err.message) : String(err))
  return 1
}

function printHelp(out: Output): void {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  out.print('Quorum operator CLI — works directly on the database in DATABASE_PATH.')
  out.print('')
  out.print('usage: npm run cli -- <command> [options]')
  out.print('')
  out.print('Commands:')
  for (const c of COMMANDS) out.print(`  ${c.name.padEnd(width)}  ${c.summary}`)
  out.print('')
  out.print('Run `npm run cli -- <command> --help` for the options of one command.')
  out.print('Exit codes: 0 done, 1 refused or failed (error: …), 2 bad options.')
}

function printCommandHelp(out: Output, command: Command): void {
  out.print(usageOf(command))
  out.print('')
  out.print(command.summary)
  for (const line of command.details ?? []) out.print(line)
}
