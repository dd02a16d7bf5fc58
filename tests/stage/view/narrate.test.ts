import { describe, expect, it } from 'vitest';
import type { StageEvent } from '../../../site/stage/protocol.ts';
import { narrateTick } from '../../../site/stage/view/narrate.ts';
import { consumer, group } from './fixtures.ts';
import { frame } from './fixtures.ts';

const ev = (kind: StageEvent['kind'], over: Partial<StageEvent> = {}): StageEvent => ({ kind, source: 'admin', destination: 'admin', ...over });
const appended = (partition: number, count: number) =>
  ev('records.appended', { source: 'broker:1', destination: `partition:payments/${partition}`, topic: 'payments', partition, count, from: 0, to: count });
const processed = (consumer: string, partition: number, offset: number) =>
  ev('record.processed', { consumer, group: 'accounting', topic: 'payments', partition, offset });
const committed = (consumer: string, offsets: [number, number][]) =>
  ev('offsets.committed', { consumer, group: 'accounting', offsets: offsets.map(([partition, offset]) => ({ topic: 'payments', partition, offset })) });

describe('narrateTick: what the live region says for one tick', () => {
  it.each([
    { name: 'an empty tick', events: [], text: 'tick 12: nothing happened' },
    { name: 'a tick of heartbeats only', events: [ev('member.heartbeat', { group: 'g', memberId: 'm' })], text: 'tick 12: nothing but heartbeats' },
    {
      name: 'commit, processed, appended: most important first, whatever the order they happened in',
      events: [appended(0, 2), processed('ledger', 1, 3), committed('ledger', [[0, 5]])],
      text: 'tick 12: ledger committed offset 5 on payments-0; ledger processed payments-1@3; 2 records appended to payments-0',
    },
    {
      name: 'a crash comes before everything',
      events: [appended(0, 1), ev('consumer.crashed', { source: 'consumer:ledger', destination: 'consumer:ledger', consumer: 'ledger', group: 'accounting' })],
      text: 'tick 12: ledger crashed; 1 record appended to payments-0',
    },
    {
      name: 'a rebalance: the partitions that moved, told per member',
      events: [
        ev('member.expired', { group: 'accounting', memberId: 'ledger-2da6b40d-452b-4bcd-a77b-b09cd848becc' }),
        ev('rebalance.started', { group: 'accounting', reason: 'member expired' }),
        ev('partition.assigned', { group: 'accounting', memberId: 'ledger-9', topic: 'payments', partition: 0 }),
        ev('partition.assigned', { group: 'accounting', memberId: 'ledger-9', topic: 'payments', partition: 1 }),
        ev('rebalance.completed', { group: 'accounting' }),
      ],
      text: "tick 12: ledger's session in accounting timed out; accounting started rebalancing (member expired); payments-0 and payments-1 assigned to ledger; accounting finished rebalancing",
    },
    {
      name: 'a commit of several partitions',
      events: [
        committed('ledger', [
          [0, 5],
          [1, 3],
        ]),
      ],
      text: 'tick 12: ledger committed offsets 5 on payments-0 and 3 on payments-1',
    },
    {
      name: 'a commit the kernel cut short (a consumer of 100 partitions): how many it left out',
      events: [
        {
          ...committed('ledger', [
            [0, 5],
            [1, 3],
          ]),
          offsetsOmitted: 98,
        },
      ],
      text: 'tick 12: ledger committed offsets 5 on payments-0, 3 on payments-1 and 98 more',
    },
    {
      name: 'a duplicate dropped, one or several; a partition named by its address only',
      events: [
        ev('records.deduplicated', { destination: 'partition:my-topic/2', count: 1 }),
        ev('records.deduplicated', { destination: 'partition:my-topic/2', count: 3 }),
      ],
      text: 'tick 12: my-topic-2 dropped 1 duplicate record; my-topic-2 dropped 3 duplicate records',
    },
    {
      name: 'records sent by a producer',
      events: [ev('records.sent', { source: 'producer:checkout', destination: 'partition:payments/1', topic: 'payments', partition: 1, count: 3 })],
      text: 'tick 12: checkout sent 3 records to payments-1',
    },
    {
      name: 'more than four phrases: the rest counted',
      events: [
        appended(0, 1),
        appended(1, 1),
        processed('a', 0, 1),
        processed('b', 1, 2),
        committed('a', [[0, 2]]),
        ev('fetch.sent', { consumer: 'a' }),
        ev('fetch.sent', { consumer: 'b' }),
      ],
      text: 'tick 12: a committed offset 2 on payments-0; a processed payments-0@1; b processed payments-1@2; 1 record appended to payments-0; and 3 more events',
    },
    {
      name: 'exactly one left unsaid',
      events: [appended(0, 1), appended(1, 1), appended(2, 1), appended(3, 1), appended(4, 1)],
      text: 'tick 12: 1 record appended to payments-0; 1 record appended to payments-1; 1 record appended to payments-2; 1 record appended to payments-3; and 1 more event',
    },
  ])('$name', ({ events, text }) => {
    const members = [{ memberId: 'ledger-9', consumer: 'ledger', clientId: 'ledger', assignment: [] }];
    expect(narrateTick(frame(12, events, { groups: [group('accounting', { members })] }))).toBe(text);
  });

  it('counts merged partition moves as the events they are', () => {
    const moves = [0, 1, 2, 3, 4].map((p) => ev('partition.revoked', { group: 'g', memberId: 'x-1', topic: 't', partition: p }));
    expect(narrateTick(frame(3, [...moves, appended(0, 1)]))).toBe('tick 3: t-0, t-1, t-2, t-3 and t-4 revoked from x-1; 1 record appended to payments-0');
  });

  it('a tick without events still says what is under way', () => {
    const busy = consumer('ledger', 'accounting', { processing: { topic: 'payments', partition: 1, offset: 4 } });
    expect(narrateTick(frame(62, [], { consumers: [busy] }))).toBe('tick 62: nothing happened; ledger is processing payments-1@4');
  });
});
