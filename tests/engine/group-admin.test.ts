/** kafka-consumer-groups administration: --reset-offsets (refusals, clamping, dry runs) and --delete. */
import { describe, expect, it } from 'vitest';
import { applyCommand, describeWorld, planOffsetReset, type OffsetResetSpec } from '../../engine/index.ts';
import { committed, Sim } from './helpers.ts';

/** Topic t: partition 0 holds offsets 2..5 (two expired), partition 1 holds 0..2; group g is inactive, committed at 3 on both. */
function inactiveGroup(): Sim {
  const sim = new Sim();
  // Keys with 2 partitions: 'a' → 0, 'f' → 1. Segments live 20 ticks past their newest record;
  // segment.ms=1000 puts the records of tick 15 in a new segment, so the old two go alone at tick 21.
  sim.apply({
    kind: 'createTopic',
    topic: 't',
    partitions: 2,
    configs: [
      ['retention.ms', '2000'],
      ['segment.ms', '1000'],
    ],
  });
  sim.apply({
    kind: 'produce',
    topic: 't',
    records: [
      { key: 'a', value: 'old' },
      { key: 'a', value: 'old' },
    ],
  });
  sim.step(15);
  sim.apply({ kind: 'produce', topic: 't', records: ['a', 'a', 'a', 'a', 'f', 'f', 'f'].map((key) => ({ key, value: key })) });
  sim.stepUntil('records.deleted');
  sim.apply({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'offset', offset: 3 } });
  expect(sim.world.topics.get('t')?.partitions.map((p) => [p.logStartOffset, p.logEndOffset])).toEqual([
    [2, 6],
    [0, 3],
  ]);
  return sim;
}

describe('--reset-offsets', () => {
  it('is refused for a group with active members, with Kafka’s message', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    expect(sim.try({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'earliest' } })).toEqual({
      ok: false,
      error: { code: 'GroupNotInactive', message: "Assignments can only be reset if the group 'g' is inactive, but the current state is Stable." },
    });
  });

  it('is refused while a crashed member still holds its session', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    sim.apply({ kind: 'crashConsumer', name: 'c' });
    expect(sim.try({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'earliest' } }).ok).toBe(false);
    sim.runUntilQuiet();
    expect(sim.try({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'earliest' } }).ok).toBe(true);
  });

  it.each<{ spec: OffsetResetSpec; partitions?: number[]; offsets: number[]; warnings: string[] }>([
    // Partition 0 holds offsets 2..5 (log end 6), partition 1 holds 0..2 (log end 3); both committed at 3.
    { spec: { to: 'earliest' }, offsets: [2, 0], warnings: [] },
    { spec: { to: 'latest' }, offsets: [6, 3], warnings: [] },
    { spec: { to: 'offset', offset: 1 }, partitions: [1], offsets: [1], warnings: [] },
    {
      spec: { to: 'offset', offset: 5 },
      offsets: [5, 3],
      warnings: ['New offset (5) is higher than latest offset for topic partition t-1. Value will be set to 3'],
    },
    {
      spec: { to: 'offset', offset: 0 },
      offsets: [2, 0],
      warnings: ['New offset (0) is lower than earliest offset for topic partition t-0. Value will be set to 2'],
    },
    { spec: { to: 'shift', by: -1 }, offsets: [2, 2], warnings: [] },
    {
      spec: { to: 'shift', by: 2 },
      offsets: [5, 3],
      warnings: ['New offset (5) is higher than latest offset for topic partition t-1. Value will be set to 3'],
    },
    {
      spec: { to: 'shift', by: -3 },
      offsets: [2, 0],
      warnings: ['New offset (0) is lower than earliest offset for topic partition t-0. Value will be set to 2'],
    },
  ])('%o moves the committed offsets, clamped into the log with warnings', ({ spec, partitions, offsets, warnings }) => {
    const sim = inactiveGroup();
    const command = { kind: 'resetOffsets' as const, group: 'g', topic: 't', spec, ...(partitions ? { partitions } : {}) };
    // --dry-run computes the same plan and changes nothing.
    const before = JSON.stringify(describeWorld(sim.world));
    const plan = planOffsetReset(sim.world, 'g', 't', partitions, spec);
    expect(JSON.stringify(describeWorld(sim.world))).toBe(before);
    const result = sim.try(command);
    expect(result.ok && result.detail).toEqual({ kind: 'offsetReset', plan });
    const chosen = partitions ?? [0, 1];
    expect(plan).toEqual({ offsets: chosen.map((partition, i) => ({ topic: 't', partition, offset: offsets[i] })), warnings });
    expect(chosen.map((p) => committed(sim.world, 'g', 't', p))).toEqual(offsets);
  });

  it.each([
    { why: 'an unknown topic', topic: 'nope', partitions: undefined, spec: { to: 'earliest' as const }, message: 'Topic nope does not exist.' },
    { why: 'an unknown partition', topic: 't', partitions: [7], spec: { to: 'earliest' as const }, message: 'Partition 7 of topic t does not exist.' },
  ])('refuses $why', ({ topic, partitions, spec, message }) => {
    const sim = inactiveGroup();
    const result = sim.try({ kind: 'resetOffsets', group: 'g', topic, spec, ...(partitions ? { partitions } : {}) });
    expect(result).toEqual({ ok: false, error: { code: 'UnknownTopicOrPartitionException', message } });
  });

  it('refuses to shift a partition with no committed offset', () => {
    const sim = inactiveGroup();
    expect(sim.try({ kind: 'resetOffsets', group: 'other', topic: 't', spec: { to: 'shift', by: 1 } })).toEqual({
      ok: false,
      error: { code: 'IllegalArgumentException', message: 'Cannot shift offset for partition t-0 since there is no current committed offset' },
    });
  });

  it('a consumer that joins after a reset starts from the reset offset', () => {
    const sim = inactiveGroup();
    sim.apply({ kind: 'resetOffsets', group: 'g', topic: 't', partitions: [1], spec: { to: 'offset', offset: 1 } });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    sim.runUntilQuiet();
    const p1 = sim
      .of('record.processed')
      .filter((e) => e.payload.partition === 1)
      .map((e) => e.payload.offset);
    expect(p1).toEqual([1, 2]);
  });
});

describe('what the admin operations announce', () => {
  it('an executed reset: group.offsets.reset from the admin to the group, with the offsets it set', () => {
    const sim = inactiveGroup();
    const events = sim.apply({ kind: 'resetOffsets', group: 'g', topic: 't', spec: { to: 'earliest' } });
    expect(events.map((e) => ({ kind: e.kind, source: e.source, destination: e.destination, payload: e.payload }))).toEqual([
      {
        kind: 'group.offsets.reset',
        source: 'admin',
        destination: 'group:g',
        payload: {
          group: 'g',
          offsets: [
            { topic: 't', partition: 0, offset: 2 },
            { topic: 't', partition: 1, offset: 0 },
          ],
        },
      },
    ]);
  });

  it('a deletion: group.deleted from the admin to the group', () => {
    const sim = inactiveGroup();
    const events = sim.apply({ kind: 'deleteGroup', group: 'g' });
    expect(events.map((e) => ({ kind: e.kind, source: e.source, destination: e.destination, payload: e.payload }))).toEqual([
      { kind: 'group.deleted', source: 'admin', destination: 'group:g', payload: { group: 'g' } },
    ]);
  });
});

describe('--delete (group)', () => {
  it('deletes an empty group with its offsets, and refuses a group with members or none', () => {
    const sim = inactiveGroup();
    expect(applyCommand(sim.world, { kind: 'deleteGroup', group: 'nope' })).toEqual({
      ok: false,
      error: { code: 'GroupIdNotFoundException', message: 'The group id does not exist.' },
    });
    sim.apply({ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'] });
    expect(sim.try({ kind: 'deleteGroup', group: 'g' })).toEqual({ ok: false, error: { code: 'GroupNotEmptyException', message: 'The group is not empty.' } });
    sim.apply({ kind: 'stopConsumer', name: 'c' });
    sim.runUntilQuiet();
    expect(sim.try({ kind: 'deleteGroup', group: 'g' }).ok).toBe(true);
    expect(sim.world.groups.has('g')).toBe(false);
  });
});
