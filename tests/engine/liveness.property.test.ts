/**
 * Liveness beside the safety properties of world.property.test.ts: not only does nothing bad
 * happen, the good things do happen, on time. Checked after every tick of random scenarios
 * (scenarios.ts), the settling run included:
 *   - once a group is Stable and no consumer crashed, every partition of its subscribed topics
 *     has exactly one live owner, subscribed to its topic (eager rebalancing hands everything out);
 *   - a fetch is answered within fetch.max.wait plus the network's round trip: the broker never
 *     holds one past its wait, and no consumer waits on one longer;
 *   - a poll never returns more than the consumer's max.poll.records;
 *   - a quiet world (busyReason null) shows lag 0 for every partition a committing consumer owns,
 *     as `kafka-consumer-groups --describe` prints it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { busyReason, describeGroupOffsets, partitionKey, type World, type WorldEvent } from '../../engine/index.ts';
import { propertyRuns } from './helpers.ts';
import { anyPlan, runScenario, scenario } from './scenarios.ts';

const SETTLE = 20_000;
const isLive = (status: string) => status === 'running' || status === 'stopping';

/** Every partition of a Stable group's subscribed topics has exactly one live owner, subscribed to it. */
function ownershipGaps(world: World): string[] {
  const problems: string[] = [];
  for (const group of world.groups.values()) {
    if (group.state !== 'Stable') continue;
    const subscribed = new Set([...group.members.values()].flatMap((m) => m.topics));
    const live = [...world.consumers.values()].filter((c) => c.group === group.id && isLive(c.status));
    for (const topic of subscribed) {
      for (const p of world.topics.get(topic)?.partitions ?? []) {
        const owners = live.filter((c) => c.assignment.some((tp) => tp.topic === topic && tp.partition === p.partition));
        if (owners.length !== 1)
          problems.push(`group ${group.id}: ${topic}-${p.partition} has ${owners.length} live owners (${owners.map((c) => c.name).join(', ')})`);
        for (const c of owners)
          if (!c.topics.includes(topic)) problems.push(`group ${group.id}: ${c.name} owns ${topic}-${p.partition} without subscribing to ${topic}`);
      }
    }
  }
  return problems;
}

/** Watches fetches: none held past its wait, none outstanding longer than wait + round trip. */
function fetchWatch(options: { networkDelayTicks?: number; jitterTicks?: number; fetchMaxWaitTicks?: number }) {
  const sentAt = new Map<string, number>();
  let jitter = options.jitterTicks ?? 0;
  return (world: World, events: readonly WorldEvent[]): string[] => {
    const problems: string[] = [];
    for (const e of events) if (e.kind === 'fetch.sent') sentAt.set(e.payload.consumer, e.tick);
    // A hop's jitter is drawn when it is sent: the largest configured so far bounds it.
    jitter = Math.max(jitter, world.faults.jitterTicks);
    const hop = world.options.networkDelayTicks + jitter;
    // Request and answer each take a hop; a zero-delay hop lands the next tick, and an answer
    // sent when the wait ran out goes after the wire was read: one tick each at most.
    const bound = world.options.fetchMaxWaitTicks + 2 * hop + 2;
    for (const f of world.parkedFetches) {
      if (f.expireTick <= world.tick) problems.push(`the broker holds ${f.consumer}'s fetch past its wait (expired at ${f.expireTick})`);
    }
    for (const c of world.consumers.values()) {
      if (!isLive(c.status) || c.phase !== 'fetching') continue;
      const waited = world.tick - (sentAt.get(c.name) ?? world.tick);
      if (waited > bound) problems.push(`${c.name} has waited ${waited} ticks for a fetch (bound ${bound})`);
    }
    return problems;
  };
}

/** No consumer is handed more than its max.poll.records in one poll (one answer a tick). */
function pollSizes(world: World, events: readonly WorldEvent[]): string[] {
  const delivered = new Map<string, number>();
  for (const e of events)
    if (e.kind === 'records.delivered') delivered.set(e.payload.consumer, (delivered.get(e.payload.consumer) ?? 0) + e.payload.to - e.payload.from);
  const problems: string[] = [];
  for (const [name, count] of delivered) {
    const max = world.consumers.get(name)?.maxPollRecords ?? 0;
    if (count > max) problems.push(`${name} was handed ${count} records in one poll (max.poll.records ${max})`);
  }
  return problems;
}

/** In a quiet world every partition a running, committing consumer owns shows lag 0. */
function lagWhenQuiet(world: World): string[] {
  if (busyReason(world) !== null) return [];
  const problems: string[] = [];
  for (const c of world.consumers.values()) {
    if (c.status !== 'running' || c.console || (c.commitMode !== 'auto' && c.commitMode !== 'after' && c.commitMode !== 'before')) continue;
    const rows = describeGroupOffsets(world, c.group)?.rows.filter((r) => r.consumerId === c.memberId) ?? [];
    for (const tp of c.assignment) {
      const row = rows.find((r) => r.topic === tp.topic && r.partition === tp.partition);
      // Never committed: only when nothing was there to consume (the position is the log end).
      const untouched = row?.lag === null && c.positions.get(partitionKey(tp.topic, tp.partition)) === row.logEndOffset;
      if (!row || (row.lag !== 0 && !untouched)) problems.push(`quiet, yet ${c.group}/${tp.topic}-${tp.partition} (${c.name}) shows lag ${row?.lag}`);
    }
  }
  return problems;
}

const crashFree = scenario({ retention: true, loss: false, admin: false, crashes: false, plan: anyPlan });
const general = scenario({ retention: true, loss: true, admin: true, plan: anyPlan });

describe('liveness', () => {
  it('a Stable group without crashes has exactly one live owner for every partition it subscribes to', () => {
    fc.assert(
      fc.property(crashFree, (s) => {
        const { problems, busy } = runScenario(s, { settle: SETTLE, everyTick: ownershipGaps });
        expect(problems).toEqual([]);
        expect(busy).toBeNull();
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('a fetch is answered within fetch.max.wait plus a round trip', () => {
    fc.assert(
      fc.property(general, (s) => {
        const { problems } = runScenario(s, { settle: SETTLE, everyTick: fetchWatch(s.options) });
        expect(problems).toEqual([]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('a poll never returns more than max.poll.records', () => {
    fc.assert(
      fc.property(general, (s) => {
        const { problems } = runScenario(s, { settle: SETTLE, everyTick: pollSizes });
        expect(problems).toEqual([]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('a quiet world shows lag 0 on every partition a committing consumer owns', () => {
    fc.assert(
      fc.property(general, (s) => {
        const { world, problems, busy } = runScenario(s, { settle: SETTLE, everyTick: lagWhenQuiet });
        expect(problems).toEqual([]);
        expect(busy).toBeNull();
        expect(lagWhenQuiet(world)).toEqual([]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });
});
