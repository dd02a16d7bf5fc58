/**
 * Which records of a partition a frame carries. A frame is posted for every tick the stage
 * plays, so a partition of a million records cannot travel whole: the tape shows the records
 * near the log end (where producers write) and near every committed offset and consumer
 * position (where the story is), and elides the rest.
 */

/** Records a frame carries per partition, at most. */
export const RECORD_BUDGET = 64;
/** Offsets always kept just before the log end. */
const TAIL = 24;
/**
 * The window around an interesting offset o is [o - 4, o + 4): the records just processed and
 * the next ones. Listed nearest first, so a window cut short by the budget keeps its centre.
 */
const AROUND_NEAREST_FIRST = [0, -1, 1, -2, 2, -3, 3, -4] as const;

/**
 * The offsets to show, as ascending, disjoint [from, to) ranges inside [logStart, logEnd): all of
 * them when the log holds at most `budget` records; otherwise the last 24 before the log end, then
 * ~8 around each interesting offset in the order given (earlier ones win when the budget runs
 * out), never more than `budget` in all.
 */
export function recordWindow(logStart: number, logEnd: number, interesting: readonly number[], budget: number = RECORD_BUDGET): [from: number, to: number][] {
  if (!(logEnd > logStart) || !(budget >= 1)) return [];
  if (logEnd - logStart <= budget) return [[logStart, logEnd]];
  const chosen = new Set<number>();
  const take = (offset: number): void => {
    if (offset < logStart || offset >= logEnd || chosen.has(offset) || chosen.size >= budget) return;
    chosen.add(offset);
  };
  for (let offset = logEnd - Math.min(TAIL, budget); offset < logEnd; offset++) take(offset);
  for (const center of interesting) {
    if (!Number.isInteger(center)) continue;
    for (const d of AROUND_NEAREST_FIRST) take(center + d);
  }
  return toRanges([...chosen].sort((a, b) => a - b));
}

/** Ascending offsets merged into [from, to) ranges. */
function toRanges(offsets: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const offset of offsets) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === offset) last[1] = offset + 1;
    else ranges.push([offset, offset + 1]);
  }
  return ranges;
}
