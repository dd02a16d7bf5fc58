/**
 * How much of the world one scene carries. A frame is sent for every tick the stage plays, so a
 * world of 20,000 partitions cannot travel whole in each (96 such frames were 166 MB): a scene
 * keeps the first PARTITION_LIMIT partitions (topics in name order, partitions in order) and
 * says how many it left out, so the stage can say so too.
 *
 * The view reads these limits too (to say what was left out), so this module imports no engine code.
 */
/** Partitions a scene carries, over all topics. */
export const PARTITION_LIMIT = 64;
/** Rows of the state table a scene carries; the rows beyond are left out (the table is a summary, not a dump). */
export const TABLE_ROW_LIMIT = 400;
/** Offsets one event carries (a commit or a fetch of every partition a consumer owns). */
export const EVENT_OFFSET_LIMIT = 64;
