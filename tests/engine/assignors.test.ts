/** Partition assignors (range, roundrobin, sticky): directly, and as groups use them. */
import { describe, expect, it } from 'vitest';
import { assignPartitions, type AssignorMember } from '../../engine/core/assignors.ts';
import type { AssignorName, TopicPartition } from '../../engine/index.ts';
import { assignmentOf, ofKind, Sim } from './helpers.ts';

const tp = (spec: string): TopicPartition => {
  const dash = spec.lastIndexOf('-');
  return { topic: spec.slice(0, dash), partition: Number(spec.slice(dash + 1)) };
};
const member = (memberId: string, topics: string[], previous: string[] = []): AssignorMember => ({ memberId, topics, previous: previous.map(tp) });

/** The assignment as `member: [topic-partition, …]`, members in id order. */
function assign(assignor: AssignorName, members: AssignorMember[], counts: Record<string, number>): Record<string, string[]> {
  const out = assignPartitions(assignor, members, new Map(Object.entries(counts)));
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, tps]) => [id, tps.map((t) => `${t.topic}-${t.partition}`)]));
}

describe('assignPartitions', () => {
  it.each([
    {
      why: 'range: consecutive ranges, the first members get the extra partition',
      assignor: 'range' as const,
      members: [member('b', ['t']), member('a', ['t'])],
      counts: { t: 5 },
      expected: { a: ['t-0', 't-1', 't-2'], b: ['t-3', 't-4'] },
    },
    {
      why: 'range: per topic, so two topics of 3 give the first member 4 of 6',
      assignor: 'range' as const,
      members: [member('a', ['t', 'u']), member('b', ['t', 'u'])],
      counts: { t: 3, u: 3 },
      expected: { a: ['t-0', 't-1', 'u-0', 'u-1'], b: ['t-2', 'u-2'] },
    },
    {
      why: 'range: more members than partitions leaves some with nothing',
      assignor: 'range' as const,
      members: [member('a', ['t']), member('b', ['t']), member('c', ['t'])],
      counts: { t: 2 },
      expected: { a: ['t-0'], b: ['t-1'], c: [] },
    },
    {
      why: 'range: only subscribers of a topic share it',
      assignor: 'range' as const,
      members: [member('a', ['t']), member('b', ['u'])],
      counts: { t: 2, u: 2 },
      expected: { a: ['t-0', 't-1'], b: ['u-0', 'u-1'] },
    },
    {
      why: 'roundrobin: partitions dealt in turn',
      assignor: 'roundrobin' as const,
      members: [member('b', ['t']), member('a', ['t'])],
      counts: { t: 5 },
      expected: { a: ['t-0', 't-2', 't-4'], b: ['t-1', 't-3'] },
    },
    {
      why: 'roundrobin: across topics, so two topics of 3 split 3 and 3',
      assignor: 'roundrobin' as const,
      members: [member('a', ['t', 'u']), member('b', ['t', 'u'])],
      counts: { t: 3, u: 3 },
      expected: { a: ['t-0', 't-2', 'u-1'], b: ['t-1', 'u-0', 'u-2'] },
    },
    {
      why: 'roundrobin: skips members not subscribed to the topic',
      assignor: 'roundrobin' as const,
      members: [member('a', ['t', 'u']), member('b', ['u'])],
      counts: { t: 2, u: 2 },
      expected: { a: ['t-0', 't-1', 'u-1'], b: ['u-0'] },
    },
    {
      why: 'sticky: a fresh group is balanced',
      assignor: 'sticky' as const,
      members: [member('a', ['t']), member('b', ['t'])],
      counts: { t: 4 },
      expected: { a: ['t-0', 't-2'], b: ['t-1', 't-3'] },
    },
    {
      why: 'sticky: members keep what they had when a member joins',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1', 't-2']), member('b', ['t'], ['t-3', 't-4', 't-5']), member('c', ['t'])],
      counts: { t: 6 },
      expected: { a: ['t-0', 't-1'], b: ['t-3', 't-4'], c: ['t-2', 't-5'] },
    },
    {
      why: 'sticky: the survivors keep theirs and share the leaver’s',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-3']), member('c', ['t'], ['t-2', 't-5'])],
      counts: { t: 6 },
      expected: { a: ['t-0', 't-1', 't-3'], c: ['t-2', 't-4', 't-5'] },
    },
    // Hand-worked from Kafka's AbstractStickyAssignor.constrainedAssign: with P partitions and M
    // members, minQuota = floor(P/M), maxQuota = ceil(P/M), and only P % M members may keep maxQuota.
    {
      why: 'sticky: 7 over 3 held 3, 3, 1: only one member keeps 3, the third gets one back (3, 2, 2)',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1', 't-2']), member('b', ['t'], ['t-3', 't-4', 't-5']), member('c', ['t'], ['t-6'])],
      counts: { t: 7 },
      expected: { a: ['t-0', 't-1', 't-2'], b: ['t-3', 't-4'], c: ['t-5', 't-6'] },
    },
    {
      why: 'sticky: 7 over 3 held 2, 4, 1: a member at exactly its share takes no extra place; the next keeps 3',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1']), member('b', ['t'], ['t-2', 't-3', 't-4', 't-5']), member('c', ['t'], ['t-6'])],
      counts: { t: 7 },
      expected: { a: ['t-0', 't-1'], b: ['t-2', 't-3', 't-4'], c: ['t-5', 't-6'] },
    },
    {
      why: 'sticky: 8 over 3 held 4, 4, 0: two members keep 3, the newcomer gets the rest (3, 3, 2)',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1', 't-2', 't-3']), member('b', ['t'], ['t-4', 't-5', 't-6', 't-7']), member('c', ['t'])],
      counts: { t: 8 },
      expected: { a: ['t-0', 't-1', 't-2'], b: ['t-4', 't-5', 't-6'], c: ['t-3', 't-7'] },
    },
    {
      why: 'sticky: 4 over 2 held 3, 1: an even split keeps 2 each',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1', 't-2']), member('b', ['t'], ['t-3'])],
      counts: { t: 4 },
      expected: { a: ['t-0', 't-1'], b: ['t-2', 't-3'] },
    },
    {
      why: 'sticky: one member held all 6, two join: it keeps 2, the newcomers share the rest in turn',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 't-1', 't-2', 't-3', 't-4', 't-5']), member('b', ['t']), member('c', ['t'])],
      counts: { t: 6 },
      expected: { a: ['t-0', 't-1'], b: ['t-2', 't-4'], c: ['t-3', 't-5'] },
    },
    {
      why: 'sticky: a partition that no longer exists is not kept',
      assignor: 'sticky' as const,
      members: [member('a', ['t'], ['t-0', 'gone-0'])],
      counts: { t: 2 },
      expected: { a: ['t-0', 't-1'] },
    },
  ])('$why', ({ assignor, members, counts, expected }) => {
    expect(assign(assignor, members, counts)).toEqual(expected);
  });

  it.each(['range', 'roundrobin', 'sticky'] as const)('%s gives every partition to exactly one subscriber', (assignor) => {
    const members = [member('m1', ['a', 'b']), member('m2', ['b', 'c']), member('m3', ['a', 'c'], ['a-0', 'c-1'])];
    const counts = { a: 3, b: 2, c: 4 };
    const owners = new Map<string, string>();
    for (const [id, tps] of Object.entries(assign(assignor, members, counts))) {
      for (const t of tps) {
        expect(owners.has(t), `${t} assigned twice`).toBe(false);
        owners.set(t, id);
        expect(members.find((m) => m.memberId === id)?.topics).toContain(tp(t).topic);
      }
    }
    expect(owners.size).toBe(9);
  });
});

describe('several topics', () => {
  // Kafka's RoundRobinAssignor deals allPartitionsSorted (topics in a TreeSet: by name), whatever
  // order the topics were created or subscribed in; here counts list u before t.
  it.each([
    {
      why: 'roundrobin deals t before u although u came first',
      assignor: 'roundrobin' as const,
      counts: { u: 1, t: 3 },
      // t-0 → a, t-1 → b, t-2 → a, u-0 → b
      expected: { a: ['t-0', 't-2'], b: ['t-1', 'u-0'] },
    },
    {
      why: 'sticky (fresh) deals t before u to the least loaded member',
      assignor: 'sticky' as const,
      counts: { u: 1, t: 3 },
      // t-0 → a (tie: first), t-1 → b, t-2 → a (tie), u-0 → b
      expected: { a: ['t-0', 't-2'], b: ['t-1', 'u-0'] },
    },
    {
      why: 'range lists each member’s partitions topic by topic, by name',
      assignor: 'range' as const,
      counts: { u: 2, t: 2 },
      expected: { a: ['t-0', 'u-0'], b: ['t-1', 'u-1'] },
    },
  ])('$why', ({ assignor, counts, expected }) => {
    expect(assign(assignor, [member('a', ['u', 't']), member('b', ['u', 't'])], counts)).toEqual(expected);
  });

  it.each([
    { previous: ['u-0', 't-0'], counts: { t: 1, u: 1 }, expected: ['t-0', 'u-0'] },
    { previous: ['t-1', 'u-0'], counts: { t: 2, u: 1 }, expected: ['t-0', 't-1', 'u-0'] },
  ])('sticky lists what a member kept and got by topic, then partition ($previous kept)', ({ previous, counts, expected }) => {
    expect(assign('sticky', [member('a', ['t', 'u'], previous)], counts)).toEqual({ a: expected });
  });

  // Kafka passes an assignor only the subscribed topics; a topic no member subscribes to must
  // change nothing (roundrobin's deal does not move on, sticky does not look for an owner).
  it.each(['range', 'roundrobin', 'sticky'] as const)('%s: a topic nobody subscribes to is left out and changes nothing', (assignor) => {
    const members = [member('a', ['u']), member('b', ['u'])];
    expect(assign(assignor, members, { t: 1, u: 2 })).toEqual({ a: ['u-0'], b: ['u-1'] });
  });
});

describe('assignment in a group', () => {
  /** Three consumers of one 6-partition topic, started together, then quiet. */
  function groupOfThree(assignor: AssignorName): Sim {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 6 });
    for (const name of ['c1', 'c2', 'c3']) sim.apply({ kind: 'startConsumer', name, group: 'g', topics: ['t'], assignor });
    sim.runUntilQuiet();
    return sim;
  }

  it.each([
    {
      assignor: 'range' as const,
      expected: [
        ['t-0', 't-1'],
        ['t-2', 't-3'],
        ['t-4', 't-5'],
      ],
    },
    {
      assignor: 'roundrobin' as const,
      expected: [
        ['t-0', 't-3'],
        ['t-1', 't-4'],
        ['t-2', 't-5'],
      ],
    },
    {
      assignor: 'sticky' as const,
      expected: [
        ['t-0', 't-3'],
        ['t-1', 't-4'],
        ['t-2', 't-5'],
      ],
    },
  ])('$assignor deals 6 partitions 2 each, in member-id order', ({ assignor, expected }) => {
    const sim = groupOfThree(assignor);
    const group = sim.world.groups.get('g');
    expect(group).toMatchObject({ state: 'Stable', protocol: assignor });
    // Kafka sorts members by member id; here the ids sort by client id (c1 < c2 < c3).
    const byMemberId = [...(group?.members.values() ?? [])].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    expect(byMemberId.map((m) => assignmentOf(sim.world, m.consumer))).toEqual(expected);
    const completed = sim.of('rebalance.completed').at(-1);
    expect(completed?.payload.assignor).toBe(assignor);
  });

  it('sticky keeps the survivors’ partitions when a member leaves; range moves some of them', () => {
    const moved = (assignor: AssignorName) => {
      const sim = groupOfThree(assignor);
      const before = { c2: assignmentOf(sim.world, 'c2'), c3: assignmentOf(sim.world, 'c3') };
      sim.apply({ kind: 'stopConsumer', name: 'c1' });
      sim.runUntilQuiet();
      const after = { c2: assignmentOf(sim.world, 'c2'), c3: assignmentOf(sim.world, 'c3') };
      expect([...after.c2, ...after.c3].sort()).toEqual(['t-0', 't-1', 't-2', 't-3', 't-4', 't-5']);
      return [...before.c2.filter((p) => !after.c2.includes(p)), ...before.c3.filter((p) => !after.c3.includes(p))];
    };
    expect(moved('sticky')).toEqual([]);
    expect(moved('range')).toEqual(['t-3']);
  });

  it('the first member to join picks the assignor for the group', () => {
    const sim = new Sim();
    sim.apply({ kind: 'createTopic', topic: 't', partitions: 4 });
    sim.apply({ kind: 'startConsumer', name: 'first', group: 'g', topics: ['t'], assignor: 'roundrobin' });
    const events = sim.apply({ kind: 'startConsumer', name: 'second', group: 'g', topics: ['t'], assignor: 'range' });
    expect(ofKind(events, 'member.joined')).toHaveLength(1);
    sim.runUntilQuiet();
    expect(sim.world.groups.get('g')?.protocol).toBe('roundrobin');
  });
});
