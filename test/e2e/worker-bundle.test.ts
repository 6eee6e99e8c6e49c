import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runWrangler } from '../helpers/worker'

/** What must never reach the Worker: Node-only modules and the Node entry's code. */
const NODE_ONLY = ['better-sqlite3', '@hono/node-server', 'node:fs', 'node:child_process']
const LIMIT = 1024 * 1024

interface Metafile {
  inputs: Record<string, { bytes: number; imports: { path: string; external?: boolean }[] }>
}

describe('the Worker bundle (wrangler deploy --dry-run)', () => {
  it('builds, stays under 1 MiB and holds no Node-only module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-bundle-'))
    try {
      const out = join(dir, 'out')
      const metafile = join(dir, 'meta.json')
      const { stdout } = await runWrangler(
        ['deploy', '--dry-run', '--outdir', out, '--metafile', metafile],
        dir,
      )
      expect(stdout).toContain('--dry-run: exiting now.')

      const size = statSync(join(out, 'worker.js')).size
      console.log(`Worker bundle: ${(size / 1024).toFixed(1)} KiB of ${LIMIT / 1024} KiB allowed`)
      expect(size).toBeLessThan(LIMIT)

      // What went in, as esbuild saw it: no Node-only package, no import of a Node built-in.
      const meta = JSON.parse(readFileSync(metafile, 'utf8')) as Metafile
      const inputs = Object.keys(meta.inputs)
      expect(inputs).toContain('src/worker.ts')
      const packages = new Set(
        inputs.flatMap((i) => i.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.slice(1) ?? []),
      )
      for (const banned of NODE_ONLY) expect(packages).not.toContain(banned)
      expect(inputs.filter((i) => /^src\/(node|cli)[/.]/.test(i))).toEqual([])
      const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
      const imports = Object.values(meta.inputs).flatMap((i) => i.imports.map((m) => m.path))
      expect(imports.filter((path) => builtins.has(path) || path.startsWith('node:'))).toEqual([])

      // And what came out, in case something was inlined under another name.
      const bundle = readFileSync(join(out, 'worker.js'), 'utf8')
      // (Not toContain: a failure would print the whole bundle.) package.json stays out too.
      const found = [...NODE_ONLY, '"devDependencies"'].filter((text) => bundle.includes(text))
      expect(found).toEqual([])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
