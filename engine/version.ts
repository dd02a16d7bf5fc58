/**
 * The engine's version: what a saved notebook, a share link or a bug report records, so that a
 * log made by another engine says so instead of replaying into a different world. It is the
 * package's version (tests/engine/version.test.ts holds the two together).
 */
export const ENGINE_VERSION = '0.3.0';
