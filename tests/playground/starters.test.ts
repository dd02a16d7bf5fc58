/**
 * The playground's starter notebooks: each runs cleanly, cell after cell, on a fresh world with
 * its seed, and shows what its story promises. The expected numbers are worked out here from
 * Kafka's rules (the Java producer's murmur2 partitioner, written out below independently of the
 * engine's; the range assignor; retention by age; commit-after never skips), not copied from the
 * output, so a starter that silently stopped showing its point fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STARTERS, type StarterNotebook } from '../../site/playground/starters.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import type { CellRunResult } from '../../site/stage/protocol.ts';

/** Kafka's Utils.murmur2 (seed 0x9747b28c) over the key's UTF-8 bytes, as a signed 32-bit int. */
function murmur2(key: string): number {
  const data = new TextEncoder().encode(key);
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ data.length;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] ?? 0) | ((data[i + 1] ?? 0) << 8) | ((data[i + 2] ?? 0) << 16) | ((data[i + 3] ?? 0) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = data.length % 4;
  // Java's switch falls through: 3 takes byte 2, then 2 takes byte 1, then 1 takes byte 0 and multiplies.
  if (tail >= 3) h ^= (data[whole + 2] ?? 0) << 16;
  if (tail >= 2) h ^= (data[whole + 1] ?? 0) << 8;
  if (tail >= 1) h = Math.imul(h ^ (data[whole] ?? 0), m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** The default partitioner for a keyed record: toPositive (clear the sign bit, not Math.abs), modulo the count. */
const partitionOf = (key: string, partitions: number): number => (murmur2(key) & 0x7fffffff) % partitions;

/** Records per partition for keys sent in this order (a producer's `--keys` cycles through them). */
function countsPerPartition(keys: readonly string[], partitions: number): number[] {
  const counts = Array.from({ length: partitions }, () => 0);
  for (const key of keys) counts[partitionOf(key, partitions)]! += 1;
  return counts;
}

/** `count` keys taken from `keys` in turn, as `sim producer start --keys` assigns them (record n gets keys[(n-1) % k]). */
const cycled = (keys: readonly string[], count: number): string[] => Array.from({ length: count }, (_, i) => keys[i % keys.length]!);

/**
 * The range assignor for one topic: members in id order, each a consecutive block, the first `P % M`
 * one partition more. Kafka sorts member ids (`clientId-UUID`); sorting the client ids here gives the
 * same order because they differ before the UUID.
 */
function rangeAssignment(members: readonly string[], partitions: number): Map<string, number[]> {
  const sorted = [...members].sort();
  const base = Math.floor(partitions / sorted.length);
  const extra = partitions % sorted.length;
  const result = new Map<string, number[]>();
  let next = 0;
  sorted.forEach((member, i) => {
    const size = base + (i < extra ? 1 : 0);
    const first = next;
    result.set(
      member,
      Array.from({ length: size }, (_, j) => first + j),
    );
    next += size;
  });
  return result;
}

const starter = (id: string): StarterNotebook => {
  const found = STARTERS.find((s) => s.id === id);
  if (!found) throw new Error(`no starter ${id}`);
  return found;
};

/** A starter's run: the kernel's results, and each cell's printed lines (stdout and stderr interleaved). */
interface Run {
  readonly results: readonly CellRunResult[];
  readonly cells: readonly string[][];
}
/** Runs every cell of a starter, in order, on a fresh kernel with its seed; once per starter per file. */
const runs = new Map<string, Run>();
function run(id: string): Run {
  const cached = runs.get(id);
  if (cached) return cached;
  const { seed, cells } = starter(id);
  const results = new NotebookKernel(seed, cells).runCells(cells.map((_, i) => i));
  const printed = results.map((r) => r.steps.flatMap((s) => s.output.map((line) => line.text)));
  const result = { results, cells: printed };
  runs.set(id, result);
  return result;
}

/** Printed lines split on runs of whitespace, for reading tables by column. */
const rows = (lines: readonly string[]): string[][] => lines.map((line) => line.trim().split(/\s+/));

/** Describe rows `GROUP TOPIC PARTITION CURRENT LOG-END LAG …` of `group`, as [partition, current, logEnd, lag]. */
const offsetRows = (lines: readonly string[], group: string): string[][] =>
  rows(lines)
    .filter((r) => r[0] === group && r[1] !== undefined && r[1] !== 'TOPIC')
    .map((r) => r.slice(2, 6));

/** `--members --verbose` rows as client id → assigned partitions of `topic`. */
function membersOf(lines: readonly string[], group: string, topic: string): Map<string, number[]> {
  const members = new Map<string, number[]>();
  for (const r of rows(lines)) {
    // Member rows only: their HOST column (`/127.0.0.1`) tells them from a `--state` row.
    if (r[0] !== group || !r[2]?.startsWith('/')) continue;
    const [, , , clientId, count, , assignment] = r;
    const partitions = assignment === '-' || assignment === undefined ? [] : assignment.replace(`${topic}:`, '').split(',').map(Number);
    expect(partitions).toHaveLength(Number(count));
    members.set(clientId!, partitions);
  }
  return members;
}

/** Console-consumer lines printed with print.partition, print.offset and print.key. */
interface Printed {
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly value: string;
}
const consumed = (lines: readonly string[]): Printed[] =>
  lines.flatMap((line) => {
    const m = /^Partition:(\d+)\tOffset:(\d+)\t([^\t]*)\t(.*)$/.exec(line);
    return m ? [{ partition: Number(m[1]), offset: Number(m[2]), key: m[3]!, value: m[4]! }] : [];
  });

/** `kafka-get-offsets` lines `T:p:o` of `topic`, in the order printed, as offsets by partition. */
const offsetsOf = (lines: readonly string[], topic: string): number[][] => {
  const lists: number[][] = [];
  let current: number[] = [];
  for (const line of lines) {
    const m = new RegExp(`^${topic}:(\\d+):(\\d+)$`).exec(line);
    if (!m) continue;
    if (Number(m[1]) === 0 && current.length > 0) {
      lists.push(current);
      current = [];
    }
    current.push(Number(m[2]));
  }
  if (current.length > 0) lists.push(current);
  return lists;
};

const ledgerOf = (lines: readonly string[], group: string) => {
  const m = new RegExp(`^group ${group}: processed (\\d+), distinct (\\d+), duplicated (\\d+), skipped (\\d+)$`).exec(
    lines.find((l) => l.startsWith(`group ${group}:`)) ?? '',
  );
  if (!m) throw new Error(`no ledger line for ${group}`);
  return { processed: Number(m[1]), distinct: Number(m[2]), duplicated: Number(m[3]), skipped: Number(m[4]) };
};

describe('the partitioner written out in this test', () => {
  it("matches lesson 8's murmur2 table, so the expectations below rest on Kafka's hash", () => {
    expect(murmur2('alice')).toBe(1951417749);
    expect(murmur2('bob')).toBe(-2048144690);
    expect(murmur2('carol')).toBe(271431602);
    expect(murmur2('dave')).toBe(1727131798);
    expect(['alice', 'bob', 'carol', 'dave'].map((k) => partitionOf(k, 3))).toEqual([0, 0, 2, 1]);
  });
});

describe('the starter notebooks', () => {
  it('are the five stories, with unique ids, in the order offered', () => {
    const ids = STARTERS.map((s) => s.id);
    expect(ids).toEqual(['crash-and-resume', 'three-departments', 'keys-and-ordering', 'rebalancing', 'retention-and-replay']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(STARTERS.map((s) => [s.id, s] as const))('%s has a title, a one-sentence summary, a positive seed and 3 to 5 plain cells', (_, s) => {
    expect(s.title.trim()).not.toBe('');
    expect(s.summary).toMatch(/^[A-Z][^.!?\n]*\.$/);
    expect(Number.isSafeInteger(s.seed) && s.seed > 0).toBe(true);
    expect(s.cells.length).toBeGreaterThanOrEqual(3);
    expect(s.cells.length).toBeLessThanOrEqual(5);
    for (const cell of s.cells) {
      expect(cell.length).toBeLessThan(2000);
      // Plain scripts, not transcripts: the playground prints the real output under each cell.
      expect(cell.split('\n').filter((line) => line.startsWith('$ ') || line === '$')).toEqual([]);
      // Every cell does something (not only comments).
      expect(cell.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))).toBe(true);
    }
  });

  it.each(STARTERS.map((s) => s.id))('%s runs every cell without error, in order, on a fresh world with its seed', (id) => {
    const { results } = run(id);
    expect(results.map((r) => r.cell)).toEqual(starter(id).cells.map((_, i) => i));
    for (const r of results) {
      expect(r.error, `cell ${r.cell}`).toBeNull();
      expect(r.steps.length, `cell ${r.cell}`).toBeGreaterThan(0);
      for (const step of r.steps) expect(step.exitCode, `cell ${r.cell}`).toBe(0);
    }
  });
});

describe('crash-and-resume', () => {
  // Twelve payments, keys card-1..3 in turn: four of each, on two partitions.
  const logEnd = countsPerPartition(cycled(['card-1', 'card-2', 'card-3'], 12), 2);
  let cells: readonly string[][];
  beforeAll(() => ({ cells } = run('crash-and-resume')));

  it('has committed nothing while the first batch is still being processed (commit after)', () => {
    expect(offsetRows(cells[1]!, 'accounting')).toEqual(logEnd.map((end, p) => [String(p), '-', String(end), '-']));
  });

  it('resumes after the crash and ends with every payment committed', () => {
    expect(cells[2]!.some((l) => l.startsWith('consumer ledger crashed'))).toBe(true);
    expect(offsetRows(cells[2]!, 'accounting')).toEqual(logEnd.map((end, p) => [String(p), String(end), String(end), '0']));
  });

  it('counts duplicates in the ledger: at-least-once repeats the uncommitted work and skips nothing', () => {
    const ledger = ledgerOf(cells[3]!, 'accounting');
    expect(ledger.distinct).toBe(12);
    expect(ledger.duplicated).toBeGreaterThan(0);
    expect(ledger.skipped).toBe(0);
    expect(ledger.processed).toBe(ledger.distinct + ledger.duplicated);
  });
});

describe('three-departments', () => {
  const keys = ['alice', 'bob', 'carol', 'dave'];
  const first = countsPerPartition(cycled(keys, 12), 3);
  const after = countsPerPartition(cycled(keys, 16), 3);
  const caughtUp = (ends: number[]) => ends.map((end, p) => [String(p), String(end), String(end), '0']);
  let cells: readonly string[][];
  beforeAll(() => ({ cells } = run('three-departments')));

  it('works out the log end from the keys: alice and bob share partition 0', () => {
    expect(first).toEqual([6, 3, 3]);
  });

  it('gives each group every record, with offsets of its own at the log end (lag 0)', () => {
    for (const group of ['shipping', 'billing', 'analytics']) expect(offsetRows(cells[1]!, group), group).toEqual(caughtUp(first));
  });

  it('leaves only the stopped group behind while the others move on', () => {
    expect(offsetRows(cells[2]!, 'shipping')).toEqual(caughtUp(after));
    expect(offsetRows(cells[2]!, 'analytics')).toEqual(caughtUp(after));
    expect(offsetRows(cells[2]!, 'billing')).toEqual(first.map((c, p) => [String(p), String(c), String(after[p]), String(after[p]! - c)]));
    expect(cells[2]).toContain("Consumer group 'billing' has no active members.");
  });

  it('lets billing catch up from its own offsets: a graceful stop commits, so nothing is processed twice', () => {
    expect(offsetRows(cells[3]!, 'billing')).toEqual(caughtUp(after));
    expect(ledgerOf(cells[3]!, 'billing')).toEqual({ processed: 16, distinct: 16, duplicated: 0, skipped: 0 });
  });
});

describe('keys-and-ordering', () => {
  const sent = [
    ['alice', 'order-1 placed'],
    ['bob', 'order-2 placed'],
    ['alice', 'order-1 paid'],
    ['carol', 'order-3 placed'],
    ['bob', 'order-2 cancelled'],
    ['alice', 'order-1 shipped'],
    ['dave', 'order-4 placed'],
  ] as const;
  let cells: readonly string[][];
  beforeAll(() => ({ cells } = run('keys-and-ordering')));

  it("puts every record in its key's partition, and each key's records in the order sent", () => {
    const records = consumed(cells[1]!);
    expect(records).toHaveLength(sent.length);
    for (const r of records) expect(r.partition, r.key).toBe(partitionOf(r.key, 3));
    for (const key of ['alice', 'bob', 'carol', 'dave']) {
      const ofKey = records.filter((r) => r.key === key).sort((a, b) => a.offset - b.offset);
      expect(new Set(ofKey.map((r) => r.partition)).size, key).toBe(1);
      expect(ofKey.map((r) => r.value)).toEqual(sent.filter(([k]) => k === key).map(([, v]) => v));
    }
    expect(cells[1]).toContain(`Processed a total of ${sent.length} messages`);
  });

  it("adds the producer's keyed records to their keys' partitions", () => {
    const keys = [...sent.map(([k]) => k), ...cycled(['alice', 'bob', 'carol', 'dave'], 8)];
    expect(offsetsOf(cells[2]!, 'orders')).toEqual([countsPerPartition(keys, 3)]);
  });

  it('moves no record when partitions are added, while new records of a key follow the new count', () => {
    const before = consumed(cells[1]!);
    const records = consumed(cells[3]!);
    for (const r of before) expect(records).toContainEqual(r);
    const delivered = records.find((r) => r.value === 'order-1 delivered');
    const paid = records.find((r) => r.value === 'order-3 paid');
    expect(delivered?.partition).toBe(partitionOf('alice', 4));
    expect(paid?.partition).toBe(partitionOf('carol', 4));
    // alice's story is split: her earlier events are in another partition than her newest.
    expect(partitionOf('alice', 4)).not.toBe(partitionOf('alice', 3));
  });
});

describe('rebalancing', () => {
  let cells: readonly string[][];
  beforeAll(() => ({ cells } = run('rebalancing')));
  const asRecord = (m: Map<string, number[]>) => Object.fromEntries(m);

  it('gives a lone member all six partitions', () => {
    expect(asRecord(membersOf(cells[0]!, 'shipping', 'orders'))).toEqual(asRecord(rangeAssignment(['shipping-1'], 6)));
  });

  it('deals two consecutive partitions to each of three members (range)', () => {
    const members = membersOf(cells[1]!, 'shipping', 'orders');
    expect(asRecord(members)).toEqual(asRecord(rangeAssignment(['shipping-1', 'shipping-2', 'shipping-3'], 6)));
    expect([...members.values()].map((p) => p.length)).toEqual([2, 2, 2]);
  });

  it('moves the partitions of a member that leaves at once: three each for the two left', () => {
    expect(asRecord(membersOf(cells[2]!, 'shipping', 'orders'))).toEqual(asRecord(rangeAssignment(['shipping-1', 'shipping-3'], 6)));
  });

  it('keeps a crashed member until its session times out, then gives everything to the one left', () => {
    // Ten ticks after the crash, well inside the 30-tick session timeout: still two members.
    const state = rows(cells[3]!).find((r) => r[0] === 'shipping' && r[1] === 'localhost:9092');
    expect(state?.slice(-3)).toEqual(['range', 'Stable', '2']);
    expect(asRecord(membersOf(cells[3]!, 'shipping', 'orders'))).toEqual(asRecord(rangeAssignment(['shipping-1'], 6)));
  });
});

describe('retention-and-replay', () => {
  const firstKeys = ['alice', 'bob', 'carol', 'dave', 'alice', 'bob'];
  const secondKeys = ['alice', 'bob', 'carol', 'dave'];
  // Six orders near tick 0, four near tick 216. segment.ms is 100 ticks: the four start a new
  // segment in each partition, so at tick 375 retention (300 ticks, judged by a segment's newest
  // record) has deleted exactly the segments of the first six, whatever any group had read.
  const logStart = countsPerPartition(firstKeys, 2);
  const logEnd = countsPerPartition([...firstKeys, ...secondKeys], 2);
  let cells: readonly string[][];
  beforeAll(() => ({ cells } = run('retention-and-replay')));

  it('keeps what a group has read: the log still starts at offset 0', () => {
    expect(offsetsOf(cells[0]!, 'orders')).toEqual([[0, 0]]);
  });

  it('moves the log start offset past the expired records, and leaves the log end', () => {
    expect(logStart).toEqual([4, 2]);
    expect(offsetsOf(cells[2]!, 'orders')).toEqual([logStart, logEnd]);
  });

  it('resets the group to the log start and replays only what retention kept', () => {
    const reset = rows(cells[3]!).filter((r) => r[0] === 'inventory' && r[1] === 'orders');
    expect(reset.map((r) => r.slice(2))).toEqual(logStart.map((o, p) => [String(p), String(o)]));
    const replayed = consumed(cells[3]!);
    expect(replayed.map((r) => r.value).sort()).toEqual(['order-10', 'order-7', 'order-8', 'order-9']);
    for (const r of replayed) {
      expect(r.partition).toBe(partitionOf(r.key, 2));
      expect(r.offset).toBeGreaterThanOrEqual(logStart[r.partition]!);
    }
    expect(cells[3]).toContain(`Processed a total of ${secondKeys.length} messages`);
  });
});
