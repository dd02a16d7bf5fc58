/** The console consumer: captures what it reads, stops after --max-messages or once caught up. */
import { describe, expect, it } from 'vitest';
import { consoleOutput, DEFAULT_OPTIONS } from '../../engine/index.ts';
import { committed, Sim } from './helpers.ts';

/** Topic t with 2 partitions and 6 keyed records; returns the sim and the console consumer's name. */
function consoleRun(maxMessages: number | null, group = ''): { sim: Sim; name: string } {
  const sim = new Sim();
  sim.apply({ kind: 'createTopic', topic: 't', partitions: 2 });
  sim.apply({ kind: 'produce', topic: 't', records: ['a', 'd', 'a', 'f', 'b', 'g'].map((key, i) => ({ key, value: `${key}${i}` })) });
  sim.runUntilQuiet();
  const result = sim.try({
    kind: 'startConsumer',
    name: 'console-consumer',
    group,
    topics: ['t'],
    offsetReset: 'earliest',
    commitMode: 'close',
    console: { maxMessages },
  });
  if (!result.ok || result.detail?.kind !== 'consumer') throw new Error('console consumer refused');
  return { sim, name: result.detail.name };
}

describe('the console consumer', () => {
  it('captures --max-messages records, then stops and leaves its group', () => {
    const { sim, name } = consoleRun(3);
    expect(name).toBe('console-consumer#1');
    sim.runUntilQuiet();
    const out = consoleOutput(sim.world, name);
    expect(out).toHaveLength(3);
    expect(out.map((r) => `${r.partition}:${r.offset}`)).toEqual(sim.of('record.processed').map((e) => `${e.payload.partition}:${e.payload.offset}`));
    expect(out[0]).toMatchObject({ topic: 't', headers: [], timestampMs: DEFAULT_OPTIONS.epochMs + (out[0]?.createdTick ?? 0) * DEFAULT_OPTIONS.tickMs });
    expect(sim.world.consumers.get(name)?.status).toBe('stopped');
    expect(sim.of('consumer.stopped').map((e) => e.payload.consumer)).toEqual([name]);
    // Regression: without --group the core names the group as Kafka's tool does; its validation
    // used to refuse the empty group first ("a consumer needs a group").
    const group = sim.world.consumers.get(name)?.group ?? '';
    expect(group).toMatch(/^console-consumer-\d+$/);
    expect(sim.world.groups.get(group)?.members.size).toBe(0);
  });

  it('without --max-messages reads everything, then stops once caught up', () => {
    const { sim, name } = consoleRun(null);
    sim.runUntilQuiet();
    const values = consoleOutput(sim.world, name).map((r) => r.value);
    expect([...values].sort()).toEqual(['a0', 'a2', 'b4', 'd1', 'f3', 'g5']);
    expect(sim.world.consumers.get(name)?.status).toBe('stopped');
  });

  it('with a group, commits what it printed on close, not what it fetched beyond', () => {
    const { sim, name } = consoleRun(1, 'readers');
    sim.runUntilQuiet();
    const [only] = consoleOutput(sim.world, name);
    expect(committed(sim.world, 'readers', 't', only?.partition ?? -1)).toBe((only?.offset ?? -1) + 1);
    // The next console consumer of the group goes on from there.
    const next = sim.try({
      kind: 'startConsumer',
      name: 'console-consumer',
      group: 'readers',
      topics: ['t'],
      commitMode: 'close',
      console: { maxMessages: null },
    });
    if (!next.ok || next.detail?.kind !== 'consumer') throw new Error('refused');
    sim.runUntilQuiet();
    const all = [...consoleOutput(sim.world, name), ...consoleOutput(sim.world, next.detail.name)].map((r) => r.value).sort();
    expect(all).toEqual(['a0', 'a2', 'b4', 'd1', 'f3', 'g5']);
  });

  it('can be removed once stopped, and not before', () => {
    const { sim, name } = consoleRun(2);
    expect(sim.try({ kind: 'removeConsumer', name }).ok).toBe(false);
    sim.runUntilQuiet();
    expect(sim.try({ kind: 'removeConsumer', name }).ok).toBe(true);
    expect(sim.world.consumers.has(name)).toBe(false);
    expect(consoleOutput(sim.world, name)).toEqual([]);
  });
});
