/**
 * A playground notebook as it travels and is kept: the engine version that made it, its seed,
 * its cell texts and its action log (the operations the kernel records: cells run, stage actions
 * with their tick, live steps). Share links and saved notebooks are this one shape, checked by one
 * schema, so whatever comes from outside the page (a link, local storage) is held to the same rules.
 */
import * as z from 'zod/mini';
import { ACT_COMMAND_LIMIT, ADVANCE_LIMIT, type NotebookOp } from '../stage/protocol.ts';

export const NOTEBOOK_LIMITS = {
  cells: 200,
  cellChars: 100_000,
  /** Operations in the log (as a lesson's saved progress keeps at most). */
  ops: 2000,
} as const;

export interface SharedNotebook {
  /** The engine that made the log: another may replay it into a different world. */
  readonly engine: string;
  readonly seed: number;
  readonly cells: readonly string[];
  readonly ops: readonly NotebookOp[];
  /** The tick the stage showed (the head when absent): a link opens the stage where its sharer looked. */
  readonly tick?: number;
}

const count = (max: number) => z.number().check(z.int(), z.minimum(0), z.maximum(max));

const opSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('cell'), cell: count(NOTEBOOK_LIMITS.cells - 1) }),
  z.strictObject({ op: z.literal('act'), command: z.string().check(z.maxLength(ACT_COMMAND_LIMIT)), tick: count(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ op: z.literal('advance'), ticks: count(ADVANCE_LIMIT), untilQuiet: z.boolean() }),
]);

export const notebookSchema = z.strictObject({
  v: z.literal(1),
  engine: z.string().check(z.minLength(1), z.maxLength(40)),
  seed: count(2 ** 31 - 1),
  cells: z.array(z.string().check(z.maxLength(NOTEBOOK_LIMITS.cellChars))).check(z.maxLength(NOTEBOOK_LIMITS.cells)),
  ops: z.array(opSchema).check(z.maxLength(NOTEBOOK_LIMITS.ops)),
  tick: z.optional(count(Number.MAX_SAFE_INTEGER)),
});

/** `value` as a notebook, or what is wrong with it first (its path named). */
export function checkNotebook(value: unknown): SharedNotebook | string {
  const parsed = notebookSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return `${issue?.message ?? 'invalid'}${where}`;
  }
  const { engine, seed, cells, ops, tick } = parsed.data;
  const outside = ops.findIndex((op) => op.op === 'cell' && op.cell >= cells.length);
  if (outside !== -1) return `operation ${outside} runs a cell it does not have`;
  return { engine, seed, cells, ops, ...(tick === undefined ? {} : { tick }) };
}
