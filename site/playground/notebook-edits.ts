/**
 * What editing the playground's notebook does to its action log. The log names cells by index and
 * replays their text, so it stays the truth only if every cell it ran still says what it said
 * then: moving cells renumbers the log, and changing or deleting a cell that ran takes the log
 * back to just before that cell first ran (the world is rebuilt from there). A new seed is a new
 * world: the log starts over. Pure functions; the page rebuilds the stage from what they return.
 */
import type { NotebookOp } from '../stage/protocol.ts';

export interface Draft {
  readonly seed: number;
  readonly cells: readonly string[];
  readonly ops: readonly NotebookOp[];
}

export interface Edited {
  readonly draft: Draft;
  /** Operations of the log that were undone (0: the world is as it was). */
  readonly undone: number;
  /** The world must be rebuilt now: the log or the cells' numbering changed. */
  readonly rebuild: boolean;
}

/** The log up to (not including) the first operation that ran cell `index`. */
function beforeCell(ops: readonly NotebookOp[], index: number): readonly NotebookOp[] {
  const first = ops.findIndex((op) => op.op === 'cell' && op.cell === index);
  return first === -1 ? ops : ops.slice(0, first);
}

/** The log with every cell index mapped through `to`. */
function renumber(ops: readonly NotebookOp[], to: (cell: number) => number): NotebookOp[] {
  return ops.map((op) => (op.op === 'cell' ? { op: 'cell', cell: to(op.cell) } : op));
}

/** A new cell at `at` (0 … cells.length). */
export function insertCell(draft: Draft, at: number, text = ''): Edited {
  const where = Math.max(0, Math.min(draft.cells.length, Math.floor(at)));
  const cells = [...draft.cells.slice(0, where), text, ...draft.cells.slice(where)];
  const ops = renumber(draft.ops, (c) => (c >= where ? c + 1 : c));
  return { draft: { ...draft, cells, ops }, undone: 0, rebuild: true };
}

/** Cell `index` removed; if it ran, the log goes back to before it first ran. */
export function deleteCell(draft: Draft, index: number): Edited {
  if (!(index >= 0 && index < draft.cells.length)) return { draft, undone: 0, rebuild: false };
  const kept = beforeCell(draft.ops, index);
  const cells = draft.cells.filter((_, i) => i !== index);
  const ops = renumber(kept, (c) => (c > index ? c - 1 : c));
  return { draft: { ...draft, cells, ops }, undone: draft.ops.length - kept.length, rebuild: true };
}

/** Cell `from` moved to position `to`; the log follows it (it still runs the same texts in the same order). */
export function moveCell(draft: Draft, from: number, to: number): Edited {
  const n = draft.cells.length;
  if (!(from >= 0 && from < n && to >= 0 && to < n) || from === to) return { draft, undone: 0, rebuild: false };
  const order = draft.cells.map((_, i) => i);
  order.splice(to, 0, ...order.splice(from, 1));
  // order[newIndex] = oldIndex; the log needs old → new.
  const newIndexOf = new Map(order.map((old, now) => [old, now]));
  const cells = order.map((old) => draft.cells[old] ?? '');
  const ops = renumber(draft.ops, (c) => newIndexOf.get(c) ?? c);
  return { draft: { ...draft, cells, ops }, undone: 0, rebuild: true };
}

/** Cell `index` now says `text`; if it ran, the log goes back to before it first ran. */
export function editCell(draft: Draft, index: number, text: string): Edited {
  if (!(index >= 0 && index < draft.cells.length) || draft.cells[index] === text) return { draft, undone: 0, rebuild: false };
  const kept = beforeCell(draft.ops, index);
  const cells = draft.cells.map((c, i) => (i === index ? text : c));
  const undone = draft.ops.length - kept.length;
  return { draft: { ...draft, cells, ops: kept }, undone, rebuild: undone > 0 };
}

/** Another seed: another world, so the log starts over. */
export function setSeed(draft: Draft, seed: number): Edited {
  if (seed === draft.seed) return { draft, undone: 0, rebuild: false };
  return { draft: { ...draft, seed, ops: [] }, undone: draft.ops.length, rebuild: true };
}
