import { defineConfig } from 'vitest/config'

// Two projects that split the tests between them, so `vitest run` (npm test) runs each file once:
// `fast` (unit and integration: in-process, a fresh in-memory database per test) for the edit loop,
// `npm run test:fast`; and `full`, what the whole suite adds: the real server, workerd and
// Chromium. Projects inherit the timeouts below (`extends: true`).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}'],
        },
      },
      {
        extends: true,
        test: {
          name: 'full',
          include: ['test/e2e/**/*.test.{ts,tsx}', 'test/browser/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
})
