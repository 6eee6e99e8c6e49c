// Compiles the Node entry and the CLI to plain JavaScript in dist/, so `npm start` and
// `npm run cli` run node on a bundle instead of a TypeScript loader (a second node process and an
// esbuild service beside the server). Plain ESM on purpose: it must run before anything is built.
// The Workers bundle is not built here: wrangler builds src/worker.ts itself.
import { build } from 'esbuild'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url)))

const result = await build({
  absWorkingDir: root,
  // The server, its writer thread (which the server loads from beside it) and the CLI.
  entryPoints: {
    node: 'src/node.ts',
    'writer-thread': 'src/node/writer-thread.ts',
    cli: 'src/cli/main.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Packages load from node_modules as they would from the sources (better-sqlite3's native
  // addon cannot be bundled anyway); only our own code, JSX and package.json go into the bundle.
  external: Object.keys(dependencies),
  // JSX settings (hono/jsx) come from tsconfig.json, which esbuild reads.
  logLevel: 'warning',
  write: false,
})

// A server or test may be starting from dist/ while another build runs (the test files build in
// parallel; so does the benchmark): each file is replaced whole by a rename, never half-written.
for (const file of result.outputFiles) {
  let current
  try {
    current = readFileSync(file.path)
  } catch {
    current = undefined
  }
  if (current?.equals(file.contents)) continue
  mkdirSync(dirname(file.path), { recursive: true })
  const temporary = `${file.path}.${process.pid}.tmp`
  writeFileSync(temporary, file.contents)
  renameSync(temporary, file.path)
}
