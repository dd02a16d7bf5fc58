/**
 * The Vitest configuration Stryker runs (stryker.config.mjs): the engine and shell unit tests
 * only, with property tests at a twentieth of their cases and fast-check's seed fixed, so each
 * mutant meets the same inputs as the dry run (a mutant killed only by a lucky draw would make
 * the score wander from run to run).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['tests/engine/**/*.test.ts', 'tests/shell/**/*.test.ts'],
    // It measures the scenario generators (what share of runs reach what), not the engine.
    exclude: ['tests/engine/generators.test.ts'],
    setupFiles: ['scripts/stryker-vitest.setup.ts'],
    env: { STREAMLAB_PROPERTY_SCALE: '0.05' },
    testTimeout: 60_000,
    // One worker for every file, not one per file: each mutant reruns the files that reach it,
    // and a fresh worker per file cost ~0.35 s each time (the engine keeps no module state).
    isolate: false,
  },
});
