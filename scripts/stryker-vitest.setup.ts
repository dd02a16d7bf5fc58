/** Fixes fast-check's seed under Stryker (see stryker-vitest.config.ts). */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20_260_101 });
