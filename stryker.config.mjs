// @ts-check
/**
 * `npm run mutation`: Stryker mutates engine/core and runs the engine and shell unit tests
 * against each mutant (not the browser project, not the site build). A surviving mutant is a
 * change to the rules that no test noticed. Slow (tens of minutes): not part of `npm test`.
 *
 * One mutant at a time (concurrency 1): the machine has 2 cores, shared. To try a few files
 * first: `npm run mutation -- --mutate engine/core/rules/commits.ts`.
 * The report lands in reports/mutation/ (mutation.html, mutation.json).
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'scripts/stryker-vitest.config.ts', related: false },
  mutate: ['engine/core/**/*.ts'],
  // Each test records which mutants it reaches, so a mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  concurrency: 1,
  // Property tests run a twentieth of their cases under Stryker; still, a mutant that makes the
  // engine loop forever must time out rather than stall the run.
  timeoutMS: 5_000,
  timeoutFactor: 1.5,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // The sandbox needs the engine, the tests and the configs, not the site or its build.
  ignorePatterns: [
    '/site',
    '/docs',
    '/bench',
    '/public',
    '/lessons',
    '/dist',
    '/.astro',
    '/reports',
    '/test-results',
    '/tests/browser',
    '/tests/site',
    '/tests/stage',
    '/tests/cli',
  ],
};
