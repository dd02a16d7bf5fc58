/**
 * A lesson's progress survives a reload: the notebook's operations (cells run, stage actions,
 * live steps) are saved per page, and replayed when the page opens — the same seed and the same
 * operations rebuild the same world. Saved data that cannot be read is ignored, never trusted:
 * it is checked field by field, and its cell numbers must exist on the page.
 */
import type { NotebookOp } from './protocol.ts';

const VERSION = 1;
/** Past this many operations nothing is saved (a reader who clicked that much can run again). */
const MAX_OPS = 2000;

interface Saved {
  readonly v: number;
  /** The page's cells and seed when saved: progress of an edited lesson does not apply. */
  readonly fingerprint: string;
  readonly ops: readonly NotebookOp[];
}

/** A short digest of the page's cells and seed (FNV-1a), so saved progress matches its lesson. */
export function fingerprint(seed: number, cells: readonly string[]): string {
  let h = 0x811c9dc5;
  const text = `${seed}\u0000${cells.join('\u0001')}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

function isOp(value: unknown, cellCount: number): value is NotebookOp {
  if (typeof value !== 'object' || value === null) return false;
  const op = value as Record<string, unknown>;
  const count = (n: unknown, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
  switch (op['op']) {
    case 'cell':
      return count(op['cell'], cellCount - 1);
    case 'act':
      return typeof op['command'] === 'string' && op['command'].length <= 300 && count(op['tick'], 10_000_000);
    case 'advance':
      return count(op['ticks'], 10_000) && typeof op['untilQuiet'] === 'boolean';
    default:
      return false;
  }
}

/** The operations saved for this page, or [] when there are none or they do not fit it. */
export function parseProgress(text: string | null, expected: string, cellCount: number): NotebookOp[] {
  if (text === null || text.length > 1_000_000) return [];
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof saved !== 'object' || saved === null) return [];
  const { v, fingerprint: print, ops } = saved as Partial<Saved>;
  if (v !== VERSION || print !== expected || !Array.isArray(ops) || ops.length > MAX_OPS) return [];
  return ops.every((op) => isOp(op, cellCount)) ? (ops as NotebookOp[]) : [];
}

/** The text saved for `ops`, or null when there are too many to keep (a part would replay another world). */
export function serializeProgress(print: string, ops: readonly NotebookOp[]): string | null {
  if (ops.length > MAX_OPS) return null;
  const saved: Saved = { v: VERSION, fingerprint: print, ops };
  return JSON.stringify(saved);
}

/** Where a page keeps its progress, and the fingerprint of the cells it belongs to. */
export interface ProgressTarget {
  readonly storageKey: string;
  readonly fingerprint: string;
}

/** Storage may be full or forbidden (private windows): progress is then simply not kept. */
export function saveProgress(target: ProgressTarget, ops: readonly NotebookOp[]): void {
  try {
    const text = ops.length === 0 ? null : serializeProgress(target.fingerprint, ops);
    if (text === null) localStorage.removeItem(target.storageKey);
    else localStorage.setItem(target.storageKey, text);
  } catch {
    // Not kept; nothing else depends on it.
  }
}

export function loadProgress(target: ProgressTarget, cellCount: number): NotebookOp[] {
  try {
    return parseProgress(localStorage.getItem(target.storageKey), target.fingerprint, cellCount);
  } catch {
    return [];
  }
}
