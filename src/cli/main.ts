import { terminalOutput } from './output'
import { runCli } from './run'

// Output piped into `head` and the like: stop quietly when the reader goes away.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

/** Entry of `npm run cli -- <command> [options]` (see run.ts). */
process.exitCode = await runCli(process.argv.slice(2), process.env, terminalOutput(process.env))
