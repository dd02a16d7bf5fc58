/**
 * What differs between two worlds at one tick, per consumer group: the four numbers a reader
 * compares after a what-if (processed, duplicated, skipped — the processing ledger `sim ledger`
 * prints — and lag, the sum of the LAG column `kafka-consumer-groups --describe` prints).
 *
 * Pure: two scenes in, a table as data out; the view only renders it.
 */
import type { Scene } from '../../stage/protocol.ts';
import { TABLE_ROW_LIMIT } from '../../stage/kernel/scene-limits.ts';

export const MEASURES = ['processed', 'duplicated', 'skipped', 'lag'] as const;
export type Measure = (typeof MEASURES)[number];

/** One group's numbers in one world. */
export interface GroupFigures {
  readonly processed: number;
  readonly duplicated: number;
  readonly skipped: number;
  /** Sum of the group's LAG column; null when no row has a lag (Kafka prints `-`). */
  readonly lag: number | null;
  /** False when the scene's state table was cut before this group's last row: the lag is a lower bound. */
  readonly lagComplete: boolean;
}

export interface GroupDiff {
  readonly group: string;
  /** Null when the group does not exist in that world. */
  readonly left: GroupFigures | null;
  readonly right: GroupFigures | null;
  /** The measures whose values differ, in MEASURES order. */
  readonly differs: readonly Measure[];
}

export interface SceneDiff {
  readonly tick: number;
  /** Every group of either world, by name. */
  readonly groups: readonly GroupDiff[];
  /** How many (group, measure) values differ. */
  readonly differences: number;
}

/** `group`'s numbers in `scene`, or null when the world has no such group. */
export function figuresOf(scene: Scene, group: string): GroupFigures | null {
  const found = scene.groups.find((g) => g.id === group);
  if (!found) return null;
  const lags = scene.table.filter((row) => row.group === group && row.lag !== null).map((row) => row.lag as number);
  const { processed, duplicated, skipped } = found.ledger;
  return { processed, duplicated, skipped, lag: lags.length === 0 ? null : lags.reduce((a, b) => a + b, 0), lagComplete: isTableComplete(scene, group) };
}

/**
 * Whether the state table holds all of `group`'s rows. The scene cuts the table after
 * TABLE_ROW_LIMIT rows, groups in the order of `scene.groups`: a full table may have lost the rows
 * of the group of its last row and of every group after it.
 */
function isTableComplete(scene: Scene, group: string): boolean {
  const last = scene.table[scene.table.length - 1];
  if (scene.table.length < TABLE_ROW_LIMIT || !last) return true;
  const order = scene.groups.map((g) => g.id);
  return order.indexOf(group) < order.indexOf(last.group);
}

/** The differences between two worlds at the same tick; throws if the scenes are of different ticks. */
export function diffScenes(left: Scene, right: Scene): SceneDiff {
  if (left.tick !== right.tick) throw new Error(`cannot compare tick ${left.tick} with tick ${right.tick}`);
  const names = [...new Set([...left.groups, ...right.groups].map((g) => g.id))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const groups = names.map((group): GroupDiff => {
    const l = figuresOf(left, group);
    const r = figuresOf(right, group);
    return { group, left: l, right: r, differs: MEASURES.filter((m) => figureText(l, m) !== figureText(r, m)) };
  });
  return { tick: left.tick, groups, differences: groups.reduce((n, g) => n + g.differs.length, 0) };
}

/** A value as the table prints it: `-` for no lag (as Kafka prints it), `no group` where the group does not exist. */
export function figureText(figures: GroupFigures | null, measure: Measure): string {
  if (!figures) return 'no group';
  if (measure !== 'lag') return String(figures[measure]);
  if (figures.lag === null) return '-';
  return figures.lagComplete ? String(figures.lag) : `${figures.lag} or more`;
}

/** One sentence for the live region: the tick, then each difference with both values. */
export function describeDiff(diff: SceneDiff, leftName: string, rightName: string): string {
  const head = `Tick ${diff.tick}, ${leftName} and ${rightName}:`;
  if (diff.differences === 0) return `${head} no differences.`;
  const parts = diff.groups.flatMap((g) => g.differs.map((m) => `${g.group} ${m} ${figureText(g.left, m)} and ${figureText(g.right, m)}`));
  const count = diff.differences === 1 ? '1 difference' : `${diff.differences} differences`;
  return `${head} ${count}: ${parts.join('; ')}.`;
}
