/** The pure parts of drawing transactions and compaction: cell classes, gap words, labels, the key, producer boxes, narration. */
import { describe, expect, it } from 'vitest';
import { compactedTableCells, hasCompactedTopic } from '../../../site/stage/panels/compacted-table.ts';
import { producerLines } from '../../../site/stage/view/applications.ts';
import { COMPACTION_LEGEND_ENTRIES, legendLines, TRANSACTION_LEGEND_ENTRIES } from '../../../site/stage/view/legend.ts';
import { narrateTick } from '../../../site/stage/view/narrate.ts';
import { cleanedIn, gapLabel, markerLetter, offsetsSummary, tapeCells, txnClass } from '../../../site/stage/view/partition-tape.ts';
import { frame, partition, producer, records, scene } from './fixtures.ts';

describe('cells of transactions', () => {
  it('a marker is its own kind of cell; a data record carries its transaction’s state', () => {
    expect(txnClass({ marker: 'COMMIT', txn: null })).toBe(' control control-commit');
    expect(txnClass({ marker: 'ABORT', txn: null })).toBe(' control control-abort');
    expect(txnClass({ marker: null, txn: 'open' })).toBe(' txn-open');
    expect(txnClass({ marker: null, txn: 'aborted' })).toBe(' txn-aborted');
    expect(txnClass({ marker: null, txn: null })).toBe('');
    expect([markerLetter('COMMIT'), markerLetter('ABORT'), markerLetter(null)]).toEqual(['C', 'A', '']);
  });

  it('the row label says where the last stable offset is when it is behind the high watermark', () => {
    expect(offsetsSummary(partition({ logEnd: 6, highWatermark: 6, lastStable: 2 }))).toBe('start 0 · end 6 · lso 2');
    expect(offsetsSummary(partition({ logEnd: 6, highWatermark: 4, lastStable: 4 }))).toBe('start 0 · end 6 · hw 4');
  });
});

describe('gaps the cleaner left', () => {
  it('counts the cleaned offsets a gap hides and says ✂N only when the cleaner removed all of them', () => {
    expect(
      cleanedIn(
        [
          [2, 5],
          [8, 9],
        ],
        0,
        10,
      ),
    ).toBe(4);
    expect(cleanedIn([[2, 5]], 3, 4)).toBe(1);
    expect(gapLabel(2, 5, 3)).toBe('✂3');
    expect(gapLabel(2, 5, 1)).toBe('…3');
    expect(gapLabel(2, 5)).toBe('…3');
  });

  it('a tape whose offsets 1-3 were cleaned draws them as one cleaned gap between the survivors', () => {
    const survivors = records(0, 6).filter((r) => r.offset === 0 || r.offset >= 4);
    const cells = tapeCells(partition({ logEnd: 6, records: survivors, cleaned: [[1, 4]] }), [], 100);
    expect(cells.items.map((i) => (i.kind === 'gap' ? `gap ${i.from}-${i.to} cleaned ${i.cleaned}` : `record ${i.offset}`))).toEqual([
      'record 0',
      'gap 1-4 cleaned 3',
      'record 4',
      'record 5',
    ]);
  });
});

describe('the key and the boxes', () => {
  it('explains transactions and segments only when the scene has them', () => {
    const plain = legendLines(5000, false, 6.6).join(' ');
    expect(plain).not.toContain(TRANSACTION_LEGEND_ENTRIES[0]);
    const all = legendLines(5000, false, 6.6, false, { transactions: true, segments: true }).join(' ');
    for (const entry of [...TRANSACTION_LEGEND_ENTRIES, ...COMPACTION_LEGEND_ENTRIES]) expect(all).toContain(entry);
  });

  it('a transactional producer’s box says what its transaction is doing, and fenced first of all', () => {
    expect(producerLines(producer('billing', { transactionalId: 'billing', transaction: 'in-transaction' }), 20)[3]).toBe('in txn');
    expect(producerLines(producer('billing', { transactionalId: 'billing', transaction: 'fenced', failed: 3 }), 20)[3]).toBe('fenced');
    expect(producerLines(producer('billing', { transactionalId: 'billing', transaction: 'ready' }), 20)[3]).toBe('no txn');
    expect(producerLines(producer('web'), 20)[3]).toBe('producing');
  });

  it('a compacted topic’s table lists its rows; a topic without a table has none', () => {
    const s = scene({
      topics: [
        { name: 'customers', partitions: [], table: [{ key: 'ada', value: '9 High St', partition: 0, offset: 2 }] },
        { name: 'orders', partitions: [] },
      ],
    });
    expect(compactedTableCells(s)).toEqual([['customers', 'ada', '9 High St', '0', '2']]);
    expect(hasCompactedTopic(s)).toBe(true);
    expect(hasCompactedTopic(scene({ topics: [{ name: 'orders', partitions: [] }] }))).toBe(false);
  });
});

describe('narration of transactions', () => {
  it('says fencing and the coordinator’s decision first, then markers', () => {
    const words = narrateTick(
      frame(30, [
        { kind: 'marker.written', source: 'broker:1', destination: 'partition:invoices/0', topic: 'invoices', partition: 0, offset: 1, result: 'ABORT' },
        {
          kind: 'transaction.ending',
          source: 'broker:1',
          destination: 'admin',
          transactionalId: 'billing',
          result: 'ABORT',
          reason: 'fenced by a new instance',
        },
        {
          kind: 'producer.fenced',
          source: 'producer:billing',
          destination: 'producer:billing',
          producer: 'billing',
          transactionalId: 'billing',
          error: 'PRODUCER_FENCED',
        },
      ]),
    );
    expect(words).toBe(
      "tick 30: billing is fenced: a newer epoch of billing took over (PRODUCER_FENCED); billing's transaction will abort (fenced by a new instance); an abort marker took offset 1 of invoices-0",
    );
  });
});
