import { stripVTControlCharacters } from 'node:util';
import { build, preview } from 'astro';
import type { TestProject } from 'vitest/node';

/**
 * Builds the site once and serves it on a free loopback port for the browser tests. The build
 * must print no warnings (a `kafka` fence the highlighter does not know, a bad front matter
 * field, a bundler complaint): any warning fails the browser tests, naming it.
 */
export default async function setup(project: TestProject) {
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  const warnings: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown): boolean => {
    const text = String(chunk);
    if (/\bWARN\b|\bwarning\b/i.test(text)) warnings.push(stripVTControlCharacters(text).trim());
    return true;
  };
  process.stdout.write = capture;
  process.stderr.write = capture;
  // Vitest runs with NODE_ENV=test, which would build a development bundle (no search, dev
  // checks): build exactly what `npm start` serves a user.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ root: process.cwd(), logLevel: 'warn', mode: 'production' });
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.env['NODE_ENV'] = nodeEnv;
  }
  if (warnings.length > 0) throw new Error(`astro build printed warnings:\n${warnings.join('\n')}`);
  const server = await preview({ root: process.cwd(), logLevel: 'error', server: { host: '127.0.0.1', port: 0 } });
  project.provide('siteUrl', `http://127.0.0.1:${server.port}/`);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
  }
}
