import { build, preview } from 'astro';
import type { TestProject } from 'vitest/node';

/** Builds the site once and serves it on a free loopback port for the browser tests. */
export default async function setup(project: TestProject) {
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  await build({ root: process.cwd(), logLevel: 'error' });
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
