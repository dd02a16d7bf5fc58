/**
 * The stage never lies about transactions and compaction: what the scene draws is held against
 * what the shell prints for the same cells, read from separate sessions (independent sources):
 *
 * - the last stable offset on the tape is where `kafka-transactions describe-producers` says the
 *   open transaction starts (or the high watermark `kafka-get-offsets` prints when none is open),
 *   at every tick of a story where an exactly-once processor crashes mid-transaction;
 * - the records the tape draws as readable (data, not in an open or aborted transaction) are the
 *   ones a read_committed console consumer prints; markers are the offsets it skips;
 * - a compacted topic's table is what a console consumer reading it from the beginning ends with.
 */
import { describe, expect, it } from 'vitest';
import { ShellSession, type OutputLine } from '../../engine/index.ts';
import { sceneOf } from '../../site/stage/kernel/scene.ts';
import type { ScenePartition } from '../../site/stage/protocol.ts';
import { printedAt, sessionAfter } from './helpers.ts';
import { BILLING_MID_TRANSACTION, COMPACTED_CUSTOMERS } from '../stories.ts';

const EXACTLY_ONCE_STORY = [BILLING_MID_TRANSACTION, 'sim crash billing\nsim tick 3', 'sim restart billing\nsim run'];

const stdout = (lines: readonly OutputLine[]) => lines.filter((l) => l.stream === 'stdout').map((l) => l.text);

function invoices(session: ShellSession): ScenePartition {
  const p = sceneOf(session.timeline.world).topics.find((t) => t.name === 'invoices')?.partitions[0];
  if (!p) throw new Error('no invoices-0 on the stage');
  return p;
}

describe('transactions on the stage', () => {
  it('at every tick, the last stable offset drawn is where describe-producers says the open transaction starts, else the high watermark', () => {
    const session = sessionAfter(1, EXACTLY_ONCE_STORY);
    const head = session.timeline.headTick;
    let open = 0;
    for (let t = 0; t <= head; t++) {
      session.timeline.seek(t);
      if (!session.timeline.world.topics.has('invoices')) continue;
      const drawn = invoices(session);
      const producers = stdout(printedAt(session, t, 'kafka-transactions describe-producers --topic invoices --partition 0')).slice(1);
      // CurrentTransactionStartOffset is the last column; None when no transaction is open.
      const starts = producers
        .map((row) =>
          row
            .split('\t')
            .filter((c) => c !== '')
            .at(-1)
            ?.trim(),
        )
        .filter((s) => s !== undefined && s !== 'None');
      const hw = Number(stdout(printedAt(session, t, 'kafka-get-offsets --topic invoices'))[0]?.split(':')[2]);
      const expected = starts.length > 0 ? Math.min(hw, ...starts.map(Number)) : hw;
      expect(drawn.lastStable, `tick ${t}`).toBe(expected);
      if (starts.length > 0) open++;
    }
    // The story does hold a transaction open for a while.
    expect(open).toBeGreaterThan(3);
  });

  it('after the story, the readable records drawn are what a read_committed console consumer prints, and markers are its gaps', () => {
    const drawn = invoices(sessionAfter(1, EXACTLY_ONCE_STORY));
    const reader = sessionAfter(1, EXACTLY_ONCE_STORY);
    const outcome = reader.run('kafka-console-consumer --topic invoices --from-beginning --isolation-level read_committed --property print.offset=true');
    const lines = outcome.outcomes.flatMap((o) => stdout(o.output));
    const readable = drawn.records.filter((r) => r.marker === null && (r.txn === null || r.txn === 'committed'));
    expect(readable.map((r) => `Offset:${r.offset}\t${r.value ?? 'null'}`)).toEqual(lines);
    // By hand: the crash came after one invoice (offset 0) of the first transaction; the restart
    // aborted it (ABORT at 1) and wrote the four invoices again (2-5) in a transaction that
    // committed (COMMIT at 6). The aborted one is drawn aborted, each end a marker cell.
    expect(drawn.records.filter((r) => r.txn === 'aborted').map((r) => r.offset)).toEqual([0]);
    expect(drawn.records.filter((r) => r.marker !== null).map((r) => [r.offset, r.marker])).toEqual([
      [1, 'ABORT'],
      [6, 'COMMIT'],
    ]);
    expect(drawn.lastStable).toBe(drawn.highWatermark);
  });

  it('a crashed exactly-once processor leaves its records drawn open; the restarted one, its transactions done, draws idle', () => {
    const session = sessionAfter(1, EXACTLY_ONCE_STORY.slice(0, 2));
    expect(invoices(session).records.map((r) => r.txn)).toEqual(['open']);
    const scene = sceneOf(session.timeline.world);
    expect(scene.producers.find((p) => p.name === 'billing')).toMatchObject({ transactionalId: 'billing', transaction: 'in-transaction', status: 'crashed' });
    const after = sceneOf(sessionAfter(1, EXACTLY_ONCE_STORY).timeline.world);
    expect(after.producers.find((p) => p.name === 'billing')).toMatchObject({ transaction: 'ready', status: 'running' });
  });
});

// cy moves again (4 New Ave) and the world runs until quiet.
const COMPACTED_STORY = [
  COMPACTED_CUSTOMERS,
  'kafka-console-producer --topic customers --property parse.key=true --property key.separator=: <<EOF\ncy:4 New Ave\nEOF\nsim run',
];

describe('compaction on the stage', () => {
  it('the table drawn for a compacted topic is the latest value per key a console consumer from the beginning ends with', () => {
    const drawn = sceneOf(sessionAfter(2, COMPACTED_STORY).timeline.world).topics.find((t) => t.name === 'customers');
    const reader = sessionAfter(2, COMPACTED_STORY);
    const outcome = reader.run('kafka-console-consumer --topic customers --from-beginning --property print.key=true --property print.offset=true');
    const latest = new Map<string, { value: string; offset: number }>();
    for (const line of outcome.outcomes.flatMap((o) => stdout(o.output))) {
      const [offset, key, value] = line.split('\t') as [string, string, string];
      latest.delete(key);
      if (value !== 'null') latest.set(key, { value, offset: Number(offset.replace('Offset:', '')) });
    }
    expect(drawn?.table?.map((r) => [r.key, r.value, r.offset])).toEqual([...latest].map(([key, v]) => [key, v.value, v.offset]));
    // By hand: ada's latest is 9 High St (offset 2), bob was deleted (tombstone at 3), cy moved to 4 New Ave (offset 5).
    expect(drawn?.table?.map((r) => `${r.key}=${r.value}`)).toEqual(['ada=9 High St', 'cy=4 New Ave']);
  });

  it('segments and cleaned offsets are drawn where the log has them', () => {
    const p = sceneOf(sessionAfter(2, COMPACTED_STORY).timeline.world).topics.find((t) => t.name === 'customers')?.partitions[0];
    // Three produce batches at ticks 0, 12 and 54 (segment.ms = 5 ticks): each starts a segment.
    expect(p?.segmentStarts.length).toBeGreaterThan(0);
    expect(p?.cleaned.flatMap(([from, to]) => Array.from({ length: to - from }, (_, i) => from + i))).toContain(0);
  });
});
