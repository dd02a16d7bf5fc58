/**
 * A lesson's progress survives a reload: the notebook's operations (cells run, stage actions,
 * live steps) are saved per page with the engine version and a fingerprint of the page's cells,
 * and replayed when the page opens — the same seed and the same operations rebuild the same
 * world. Saved data that cannot be read, comes from another engine or another text of the lesson
 * is not replayed (the reader is told why), and is checked field by field before it is trusted.
 */
import { ENGINE_VERSION } from '../../engine/version.ts';
import { isNotebookOp, type NotebookOp } from './protocol.ts';

const FORMAT = 2;
/** Past this many operations nothing is saved (a reader who clicked that much can run again). */
const MAX_OPS = 2000;

interface Saved {
  readonly v: number;
  /** The engine that made the log: another engine may replay it into another world. */
  readonly engine: string;
  /** The page's cells and seed when saved: progress of an edited lesson does not apply. */
  readonly fingerprint: string;
  readonly ops: readonly NotebookOp[];
}

/** Why saved progress was not replayed. */
export type ProgressProblem = 'unreadable' | 'other-engine' | 'lesson-changed';

export interface LoadedProgress {
  readonly ops: readonly NotebookOp[];
  readonly problem: ProgressProblem | null;
}

/** What the reader is told when saved progress was not replayed. */
export const PROGRESS_PROBLEMS: Readonly<Record<ProgressProblem, string>> = {
  unreadable: 'Your saved progress on this lesson could not be read, so the lesson starts afresh.',
  'other-engine':
    'Your saved progress was made by another version of Streamlab’s engine, which could replay it into a different world, so the lesson starts afresh.',
  'lesson-changed': 'This lesson’s cells changed since your last visit, so your saved progress no longer applies: the lesson starts afresh.',
};

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

const NOTHING: LoadedProgress = { ops: [], problem: null };

/** The operations saved for this page, or none and why. */
export function parseProgress(text: string | null, expected: string, cellCount: number, engine = ENGINE_VERSION): LoadedProgress {
  if (text === null) return NOTHING;
  const unreadable: LoadedProgress = { ops: [], problem: 'unreadable' };
  if (text.length > 1_000_000) return unreadable;
  let saved: unknown;
  try {
    saved = JSON.parse(text);
  } catch {
    return unreadable;
  }
  if (typeof saved !== 'object' || saved === null) return unreadable;
  const fields = saved as Partial<Record<keyof Saved, unknown>>;
  if (fields.v !== FORMAT || typeof fields.engine !== 'string' || !Array.isArray(fields.ops) || fields.ops.length > MAX_OPS) return unreadable;
  if (fields.engine !== engine) return { ops: [], problem: 'other-engine' };
  if (fields.fingerprint !== expected) return { ops: [], problem: 'lesson-changed' };
  const ops: readonly unknown[] = fields.ops;
  return ops.every((op) => isNotebookOp(op, cellCount)) ? { ops: ops, problem: null } : unreadable;
}

/** The text saved for `ops`, or null when there are too many to keep (a part would replay another world). */
export function serializeProgress(print: string, ops: readonly NotebookOp[], engine = ENGINE_VERSION): string | null {
  if (ops.length > MAX_OPS) return null;
  const saved: Saved = { v: FORMAT, engine, fingerprint: print, ops };
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

export function loadProgress(target: ProgressTarget, cellCount: number): LoadedProgress {
  try {
    return parseProgress(localStorage.getItem(target.storageKey), target.fingerprint, cellCount);
  } catch {
    return NOTHING;
  }
}
