// The unit tests alone, for StrykerJS (`npm run mutate`): the same constants as
// vitest.config.ts, without the browser projects.
import { readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

const { version } = JSON.parse(readFileSync('package.json', 'utf8'))

export default defineConfig({
  define: { __VERSION__: JSON.stringify(version), __FEATURES__: 'true' },
  test: { include: ['test/unit/**/*.test.ts'], environment: 'happy-dom' },
})
