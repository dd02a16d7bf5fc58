import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../engine/index.ts';

describe('the engine version', () => {
  it('is the package version, so a release that changes the engine changes what saved logs record', () => {
    expect(ENGINE_VERSION).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });
});
