import { readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

const { version } = JSON.parse(readFileSync('package.json', 'utf8'))

// Three kinds of tests: fast unit tests of the pure core under happy-dom, the published
// types compiled by consumer projects, and end-to-end tests that drive real Chromium against
// the local collector.
// The e2e files run one at a time: each starts a browser, and CI machines have 2 cores.
export default defineConfig({
  // The build's constants (esbuild.config.mjs defines the same), for tests of src/: the
  // features' hook slots are in (as in the npm module and the full script build).
  define: { __VERSION__: JSON.stringify(version), __FEATURES__: 'true' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        // The published types: consumer projects compiled against the packed package.
        extends: true,
        test: {
          name: 'types',
          include: ['test/types/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The contract's suites again, on the full build (its features all off): it must keep
        // every promise of the core.
        extends: true,
        test: {
          name: 'e2e-full',
          include: ['test/e2e/sdk.test.ts', 'test/e2e/delivery.test.ts', 'test/e2e/hidden.test.ts', 'test/e2e/counted-once.test.ts'],
          environment: 'node',
          env: { LYT_SCRIPT: 'lyt.full.min.js' },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
