/**
 * Figures: the cost of what a careless or hostile script can ask for (issue 8). Each case runs
 * in a fresh Node process (bench/hardening/worst-cases.ts) so its peak memory is its own.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CaseResult {
  readonly ms: number;
  readonly peakMb: number;
  readonly baselineMb: number;
  readonly [fact: string]: number | boolean;
}

export interface HardeningResult {
  readonly commands: CaseResult;
  readonly members: CaseResult;
  readonly word: CaseResult;
}

const SCRIPT = fileURLToPath(new URL('../hardening/worst-cases.ts', import.meta.url));

function runCase(name: keyof HardeningResult): CaseResult {
  const child = spawnSync(process.execPath, [SCRIPT, name], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (child.status !== 0) throw new Error(`bench case ${name} failed:\n${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as CaseResult;
}

export function measureHardening(): HardeningResult {
  return { commands: runCase('commands'), members: runCase('members'), word: runCase('word') };
}
