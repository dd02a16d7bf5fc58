/** The timeline: checkpoints, seek, replay, and acting in the past (which discards the future). */
import { describe, expect, it } from 'vitest';
import { describeWorld, ledgerOf, Timeline, type CheckpointPolicy, type Command, type WorldEvent } from '../../engine/index.ts';

const state = (t: Timeline) => JSON.stringify(describeWorld(t.world));

/** What each tick produced as the story was first run: its tick's events, then its commands' events. */
const firstRun = new Map<number, WorldEvent[]>();

/** A pipeline with a crash in it, run to tick 60, checkpointing as `policy` says. */
function story(policy: Partial<CheckpointPolicy> = { maxTicks: 16 }): Timeline {
  const t = new Timeline({ seed: 9 }, policy);
  firstRun.clear();
  const at: Record<number, Command[]> = {
    0: [
      { kind: 'createTopic', topic: 't', partitions: 2 },
      { kind: 'startProducer', name: 'p', topic: 't', count: 30, keys: ['a', 'b', 'c'] },
      { kind: 'startConsumer', name: 'c1', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after', processTicks: 2 },
      { kind: 'startConsumer', name: 'c2', group: 'g', topics: ['t'], offsetReset: 'earliest', commitMode: 'after', processTicks: 2 },
    ],
    20: [{ kind: 'crashConsumer', name: 'c1' }],
    35: [{ kind: 'restartConsumer', name: 'c1' }],
  };
  let events: WorldEvent[] = [];
  for (;;) {
    for (const c of at[t.tick] ?? []) {
      const result = t.apply(c);
      if (!result.ok) throw new Error(result.error.message);
      events.push(...result.events);
    }
    firstRun.set(t.tick, events);
    if (t.tick === 60) return t;
    events = t.step();
  }
}

describe('Timeline', () => {
  it('seek back then step replays the same events', () => {
    const t = story();
    const recorded = new Map([...firstRun].map(([tick, events]) => [tick, JSON.stringify(events)]));
    expect(t.seek(12)).toEqual(firstRun.get(12));
    expect(t.tick).toBe(12);
    expect(t.isInPast).toBe(true);
    // Step replays ticks 13…60, the crash at 20 and the restart at 35 included.
    for (let tick = 13; tick <= 60; tick++) expect(JSON.stringify(t.step()), `tick ${tick}`).toBe(recorded.get(tick));
    expect(t.isInPast).toBe(false);
    expect(t.headTick).toBe(60);
  });

  it.each([
    { policy: { maxTicks: 1 }, name: 'every tick' },
    { policy: { maxTicks: 16 }, name: 'every 16 ticks' },
    { policy: { maxTicks: 1000, maxEvents: 50 }, name: 'every 50 events' },
    { policy: { maxTicks: 1000, maxEvents: 1_000_000 }, name: 'only at tick 0' },
  ])('seek(t) lands on the same state whatever the checkpoints ($name)', ({ policy }) => {
    const reference = story({ maxTicks: 1 });
    const t = story(policy);
    const states = new Map<number, string>();
    for (const tick of [0, 1, 19, 20, 21, 35, 47, 60]) {
      reference.seek(tick);
      states.set(tick, state(reference));
    }
    for (const tick of [47, 0, 21, 60, 20, 1, 35, 19, 60, 0]) {
      t.seek(tick);
      expect(t.tick).toBe(tick);
      expect(state(t), `seek(${tick})`).toBe(states.get(tick));
    }
  });

  // Regression: seek(t) restored the checkpoint at t itself when there was one, and so returned
  // only the events of the commands applied at t, not those of the tick (the view had nothing to draw).
  it('seek returns the events of the tick it lands on, on a checkpoint or between two', () => {
    const t = story({ maxTicks: 16 });
    for (const tick of [16, 32, 48, 15, 17, 20, 35, 60]) {
      expect(JSON.stringify(t.seek(tick)), `seek(${tick})`).toBe(JSON.stringify(firstRun.get(tick)));
    }
  });

  it('clamps seek to [0, head] and seekHead returns to the furthest tick', () => {
    const t = story();
    const head = state(t);
    t.seek(-5);
    expect(t.tick).toBe(0);
    t.seek(1000);
    expect(t.tick).toBe(60);
    t.seek(30);
    t.seekHead();
    expect(state(t)).toBe(head);
  });

  it('apply in the past discards the future: discardedTicks > 0, headTick moves back', () => {
    const t = story();
    const checkpoints = t.checkpointCount;
    t.seek(30);
    const result = t.apply({ kind: 'stopConsumer', name: 'c2' });
    expect(result).toMatchObject({ ok: true, discardedTicks: 30 });
    expect(t.headTick).toBe(30);
    expect(t.isInPast).toBe(false);
    expect(t.checkpointCount).toBeLessThan(checkpoints);
    // The restart at tick 35 was in the discarded future.
    expect(t.entries.map((e) => [e.tick, e.command.kind])).toEqual([
      [0, 'createTopic'],
      [0, 'startProducer'],
      [0, 'startConsumer'],
      [0, 'startConsumer'],
      [20, 'crashConsumer'],
      [30, 'stopConsumer'],
    ]);
    // The new future is computed afresh and replays like any other.
    for (let i = 0; i < 40; i++) t.step();
    const head = state(t);
    t.seek(0);
    t.seekHead();
    expect(state(t)).toBe(head);
    expect(t.world.consumers.get('c1')?.status).toBe('crashed');
  });

  it('a refused command in the past discards nothing', () => {
    const t = story();
    t.seek(30);
    const result = t.apply({ kind: 'createTopic', topic: 't', partitions: 1 });
    expect(result).toMatchObject({ ok: false, discardedTicks: 0 });
    expect(t.headTick).toBe(60);
    expect(t.entries).toHaveLength(6);
  });

  it('records and ledger entries of a discarded future do not leak into the new one', () => {
    const t = story();
    const ledgerAt30 = (() => {
      t.seek(30);
      return JSON.stringify(ledgerOf(t.world, 'g'));
    })();
    t.apply({ kind: 'stopProducer', name: 'p' });
    expect(JSON.stringify(ledgerOf(t.world, 'g'))).toBe(ledgerAt30);
    for (let i = 0; i < 50; i++) t.step();
    // Every record in the log was produced before the stop at tick 30.
    for (const p of t.world.topics.get('t')?.partitions ?? []) {
      for (let o = p.logStartOffset; o < p.logEndOffset; o++) expect(p.store.read(o).createdTick).toBeLessThanOrEqual(30);
    }
    const ledger = ledgerOf(t.world, 'g');
    expect(ledger?.skipped).toEqual([]);
  });
});
