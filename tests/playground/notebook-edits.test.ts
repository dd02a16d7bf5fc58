/**
 * Editing the playground's notebook keeps its log true: a replay of the edited log with the edited
 * cells rebuilds the world the reader expects (checked with the kernel, against worlds built by
 * hand from the same commands), and an edit never leaves an operation naming a cell that changed.
 */
import { describe, expect, it } from 'vitest';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { deleteCell, editCell, insertCell, moveCell, setSeed, type Draft } from '../../site/playground/notebook-edits.ts';

const A = 'kafka-topics --create --topic a --partitions 1';
const B = 'kafka-topics --create --topic b --partitions 1';
const C = 'kafka-topics --create --topic c --partitions 1';
const LIST = 'kafka-topics --list';

/** What `kafka-topics --list` prints after replaying the draft. */
function topicsAfter(draft: Draft): string[] {
  const kernel = NotebookKernel.replay(draft.seed, draft.cells, draft.ops);
  return kernel.act(LIST, kernel.headTick).output.map((l) => l.text);
}

const ran: Draft = {
  seed: 1,
  cells: [A, B, C],
  ops: [
    { op: 'cell', cell: 0 },
    { op: 'cell', cell: 1 },
    { op: 'advance', ticks: 3, untilQuiet: false },
  ],
};

describe('editing the notebook', () => {
  it('inserting a cell renumbers the log: the same cells ran, the new one did not', () => {
    const { draft, undone, rebuild } = insertCell(ran, 1, C);
    expect(draft.cells).toEqual([A, C, B, C]);
    expect(draft.ops).toEqual([{ op: 'cell', cell: 0 }, { op: 'cell', cell: 2 }, ran.ops[2]]);
    expect([undone, rebuild]).toEqual([0, true]);
    expect(topicsAfter(draft)).toEqual(['a', 'b']);
  });

  it('editing a cell that ran takes the log back to before it first ran', () => {
    const { draft, undone, rebuild } = editCell(ran, 1, 'kafka-topics --create --topic bb --partitions 1');
    expect(draft.ops).toEqual([{ op: 'cell', cell: 0 }]);
    expect([undone, rebuild]).toEqual([2, true]);
    expect(topicsAfter(draft)).toEqual(['a']);
  });

  it('editing a cell that has not run changes nothing in the world', () => {
    const { draft, undone, rebuild } = editCell(ran, 2, LIST);
    expect(draft.ops).toBe(ran.ops);
    expect([undone, rebuild]).toEqual([0, false]);
    expect(draft.cells[2]).toBe(LIST);
  });

  it('deleting a cell that ran undoes it and what came after; later cells move up', () => {
    const { draft, undone } = deleteCell(ran, 0);
    expect(draft.cells).toEqual([B, C]);
    expect(draft.ops).toEqual([]);
    expect(undone).toBe(3);
    const idle = deleteCell(ran, 2);
    expect(idle.draft.ops).toEqual(ran.ops);
    expect(topicsAfter(idle.draft)).toEqual(['a', 'b']);
  });

  it('moving cells keeps the world: the log follows the texts', () => {
    const { draft, undone } = moveCell(ran, 0, 2);
    expect(draft.cells).toEqual([B, C, A]);
    expect(draft.ops).toEqual([{ op: 'cell', cell: 2 }, { op: 'cell', cell: 0 }, ran.ops[2]]);
    expect(undone).toBe(0);
    // The log names texts in the order they ran: a first, then b.
    expect(draft.ops.flatMap((op) => (op.op === 'cell' ? [draft.cells[op.cell]] : []))).toEqual([A, B]);
    expect(topicsAfter(draft)).toEqual(['a', 'b']);
  });

  it('a new seed is a new world: the log starts over', () => {
    expect(setSeed(ran, 9)).toEqual({ draft: { seed: 9, cells: ran.cells, ops: [] }, undone: 3, rebuild: true });
    expect(setSeed(ran, 1).rebuild).toBe(false);
  });

  it('refuses indices outside the notebook without changing it', () => {
    for (const edited of [deleteCell(ran, 3), deleteCell(ran, -1), moveCell(ran, 0, 3), editCell(ran, 5, 'x')]) {
      expect(edited).toEqual({ draft: ran, undone: 0, rebuild: false });
    }
    expect(insertCell(ran, 99).draft.cells).toEqual([A, B, C, '']);
  });
});
