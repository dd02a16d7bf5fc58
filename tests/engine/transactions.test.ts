/**
 * Transactions (KIP-98, transaction version 2) as docs/reference/kafka-4-transactions.md reads
 * them from Kafka's source: markers take offsets, the last stable offset holds read_committed
 * readers back, aborted records never reach them, InitProducerId fences, and the coordinator
 * aborts what a dead producer left open. Every expected offset is worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { lastStableOffset, summarizeOutputLedger, type IsolationLevel } from '../../engine/index.ts';
import { committed, ofKind, Sim, consoleRecords } from './helpers.ts';

/** orders (1 partition) holding `n` records o1…on, and an empty invoices topic. */
function shop(n: number): Sim {
  const sim = new Sim();
  sim.apply({ kind: 'createTopic', topic: 'orders', partitions: 1 });
  sim.apply({ kind: 'createTopic', topic: 'invoices', partitions: 1 });
  sim.apply({ kind: 'produce', topic: 'orders', records: Array.from({ length: n }, (_, i) => ({ key: null, value: `o${i + 1}` })) });
  sim.runUntilQuiet();
  return sim;
}

function startBilling(sim: Sim, processTicks: number, exactlyOnce = true): void {
  sim.apply({ kind: 'startProcessor', name: 'billing', group: 'billing', from: 'orders', to: 'invoices', exactlyOnce, processTicks, transform: 'inv-{value}' });
}

/** What a console consumer with `isolation` prints of invoices from the beginning: offset and value. */
function read(sim: Sim, isolation: IsolationLevel): string[] {
  return consoleRecords(sim, 'invoices', isolation, 100).map((r) => `${r.offset}:${r.value}`);
}

const invoices = (sim: Sim) => sim.world.topics.get('invoices')?.partitions[0];

describe('a committed transaction', () => {
  it('writes its outputs, then a COMMIT marker that takes the next offset, and commits the input offsets with it', () => {
    // Three orders, one poll batch, one transaction: outputs at invoices 0, 1, 2, the marker at 3.
    const sim = shop(3);
    startBilling(sim, 0);
    sim.runUntilQuiet();
    const p = invoices(sim);
    expect(p?.logEndOffset).toBe(4);
    expect([0, 1, 2, 3].map((o) => p?.store.control(o))).toEqual([null, null, null, 'COMMIT']);
    expect(p && lastStableOffset(p)).toBe(4);
    expect(committed(sim.world, 'billing', 'orders', 0)).toBe(3);
    // Both isolation levels read the three invoices; the marker's offset is a gap neither returns.
    expect(read(sim, 'read_committed')).toEqual(['0:inv-o1', '1:inv-o2', '2:inv-o3']);
    expect(read(sim, 'read_uncommitted')).toEqual(['0:inv-o1', '1:inv-o2', '2:inv-o3']);
    // InitProducerId gave epoch 0; transaction version 2 bumps it with every EndTxn: 1 now.
    expect(sim.world.transactions.get('billing')).toMatchObject({ state: 'CompleteCommit', producerEpoch: 1, partitions: [] });
    expect(ofKind(sim.events, 'marker.written').map((e) => e.payload)).toEqual([
      { topic: 'invoices', partition: 0, offset: 3, type: 'COMMIT', producerId: sim.world.transactions.get('billing')?.producerId, producerEpoch: 1 },
    ]);
  });
});

describe('a transaction left open by a crash', () => {
  it('holds the last stable offset at its first record until the restarted instance aborts it; read_committed never sees it', () => {
    // Four orders in one batch, 5 ticks each: crash once two invoices are in the log.
    const sim = shop(4);
    startBilling(sim, 5);
    sim.stepUntil('records.appended', (e) => e.payload.topic === 'invoices' && e.payload.baseOffset === 1);
    sim.apply({ kind: 'crashConsumer', name: 'billing' });
    sim.step(3);
    const p = invoices(sim);
    // Invoices 0 and 1 are in the log (HW 2), in a transaction still open: LSO 0.
    expect(p?.highWatermark).toBe(2);
    expect(p && lastStableOffset(p)).toBe(0);
    expect(read(sim, 'read_uncommitted')).toEqual(['0:inv-o1', '1:inv-o2']);
    expect(read(sim, 'read_committed')).toEqual([]);
    sim.apply({ kind: 'restartConsumer', name: 'billing' });
    sim.runUntilQuiet();
    // InitProducerId found the transaction Ongoing: it fenced (epoch 0 → 1), wrote ABORT at 2,
    // answered CONCURRENT_TRANSACTIONS, and the retry bumped again (epoch 2). Nothing was committed
    // for orders, so the new instance starts at 0 again: invoices 3…6, COMMIT at 7 (epoch 3).
    expect(p?.store.control(2)).toBe('ABORT');
    expect(p?.abortedTxns).toEqual([{ producerId: sim.world.transactions.get('billing')?.producerId, firstOffset: 0, lastOffset: 2 }]);
    expect(ofKind(sim.events, 'producer.initialized').map((e) => e.payload.producerEpoch)).toEqual([0, 2]);
    expect(p?.store.control(7)).toBe('COMMIT');
    expect(read(sim, 'read_committed')).toEqual(['3:inv-o1', '4:inv-o2', '5:inv-o3', '6:inv-o4']);
    expect(read(sim, 'read_uncommitted')).toEqual(['0:inv-o1', '1:inv-o2', '3:inv-o1', '4:inv-o2', '5:inv-o3', '6:inv-o4']);
    // The output ledger: each order has one committed invoice; read_uncommitted sees o1 and o2 twice.
    expect(summarizeOutputLedger(sim.world, 'invoices', 'read_committed')).toEqual({ inputs: 4, outputs: 4, duplicated: [], missing: [] });
    expect(summarizeOutputLedger(sim.world, 'invoices', 'read_uncommitted')).toMatchObject({
      inputs: 4,
      outputs: 6,
      duplicated: [
        { input: 'orders-0@0', outputs: ['invoices-0@0', 'invoices-0@3'] },
        { input: 'orders-0@1', outputs: ['invoices-0@1', 'invoices-0@4'] },
      ],
      missing: [],
    });
  });

  it('is aborted by the coordinator once transaction.timeout.ms has passed, at its periodic check', () => {
    const sim = shop(4);
    startBilling(sim, 5);
    const started = sim.stepUntil('transaction.started');
    sim.stepUntil('records.appended', (e) => e.payload.topic === 'invoices');
    sim.apply({ kind: 'crashConsumer', name: 'billing' });
    // Timed out when now - start > 40 ticks (transaction.timeout.ms), seen at the first check
    // (every 7 ticks: ticks divisible by 7) after that.
    const due = started.tick + 41;
    const check = Math.ceil(due / 7) * 7;
    const ending = sim.stepUntil('transaction.ending');
    expect(ending.tick).toBe(check);
    expect(ending.payload).toMatchObject({ result: 'ABORT', reason: 'transaction.timeout.ms passed', producerEpoch: 1 });
    const p = invoices(sim);
    expect(p?.store.control((p?.logEndOffset ?? 0) - 1)).toBe('ABORT');
    expect(p && lastStableOffset(p)).toBe(p?.highWatermark);
    expect(read(sim, 'read_committed')).toEqual([]);
  });
});

describe('a group without exactly-once', () => {
  it('commits after flushing: a crash after outputs are written but before the commit duplicates them', () => {
    const sim = shop(4);
    startBilling(sim, 5, false);
    sim.stepUntil('records.appended', (e) => e.payload.topic === 'invoices' && e.payload.baseOffset === 1);
    sim.apply({ kind: 'crashConsumer', name: 'billing' });
    sim.apply({ kind: 'restartConsumer', name: 'billing' });
    sim.runUntilQuiet();
    // No transaction: invoices 0, 1 stay; the restart starts again from orders 0 (nothing was
    // committed), writing o1…o4 at 2…5.
    expect(read(sim, 'read_committed')).toEqual(['0:inv-o1', '1:inv-o2', '2:inv-o1', '3:inv-o2', '4:inv-o3', '5:inv-o4']);
    expect(summarizeOutputLedger(sim.world, 'invoices', 'read_committed')).toMatchObject({ inputs: 4, outputs: 6, missing: [] });
    expect(summarizeOutputLedger(sim.world, 'invoices', 'read_committed')?.duplicated.map((d) => d.input)).toEqual(['orders-0@0', 'orders-0@1']);
  });
});

describe('compaction meets an aborted transaction', () => {
  it('an aborted record is never its key’s latest: the committed value before it survives cleaning', () => {
    // invoices is compacted, in small segments, cleaned as soon as anything is dirty. Order o1 (key
    // a) is invoiced and committed; o2 (key a) is invoiced in a transaction that the processor's
    // crash leaves open until transaction.timeout.ms aborts it. The cleaner must keep inv-o1.
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 'orders', partitions: 1 });
    sim.apply({
      kind: 'createTopic',
      topic: 'invoices',
      partitions: 1,
      configs: [
        ['cleanup.policy', 'compact'],
        ['segment.ms', '200'],
        ['min.cleanable.dirty.ratio', '0.01'],
      ],
    });
    sim.apply({ kind: 'produce', topic: 'orders', records: [{ key: 'a', value: 'o1' }] });
    sim.runUntilQuiet();
    sim.apply({
      kind: 'startProcessor',
      name: 'billing',
      group: 'billing',
      from: 'orders',
      to: 'invoices',
      exactlyOnce: true,
      processTicks: 0,
      transform: 'inv-{value}',
    });
    sim.runUntilQuiet();
    sim.apply({ kind: 'produce', topic: 'orders', records: [{ key: 'a', value: 'o2' }] });
    sim.stepUntil('records.appended', (e) => e.payload.topic === 'invoices' && e.payload.baseOffset === 2);
    sim.apply({ kind: 'crashConsumer', name: 'billing' });
    sim.stepUntil('transaction.completed', (e) => e.payload.result === 'ABORT');
    // Everything after closes the active segment and lets the cleaner run over the rest.
    sim.apply({ kind: 'produce', topic: 'invoices', records: [{ key: 'b', value: 'later' }] });
    sim.step(20);
    sim.apply({ kind: 'produce', topic: 'invoices', records: [{ key: 'c', value: 'later still' }] });
    sim.stepUntil('log.cleaned');
    // invoices-0: inv-o1 at 0, COMMIT at 1, inv-o2 (aborted) at 2, ABORT at 3, b at 4, c at 5.
    expect(read(sim, 'read_committed').filter((l) => !l.endsWith('later') && !l.endsWith('later still'))).toEqual(['0:inv-o1']);
    expect(read(sim, 'read_uncommitted')).not.toContain('2:inv-o2');
  });
});
