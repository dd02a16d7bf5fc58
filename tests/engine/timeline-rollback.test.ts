/** Timeline.rollBackTo: what the shell uses to put the world back after a command failed inside the engine. */
import { describe, expect, it } from 'vitest';
import { describeWorld, Timeline, type Command } from '../../engine/index.ts';

const state = (t: Timeline) => JSON.stringify(describeWorld(t.world));

function busy(t: Timeline, commands: Command[]): void {
  for (const c of commands) {
    const result = t.apply(c);
    if (!result.ok) throw new Error(result.error.message);
  }
}

describe('Timeline.rollBackTo', () => {
  it('forgets the ticks and commands after a mark, and the world equals one that never had them', () => {
    const setup: Command[] = [
      { kind: 'createTopic', topic: 't', partitions: 2 },
      { kind: 'startProducer', name: 'p', topic: 't', count: 40 },
    ];
    const reference = new Timeline({ seed: 4 }, { maxTicks: 8 });
    busy(reference, setup);
    for (let i = 0; i < 20; i++) reference.step();

    const t = new Timeline({ seed: 4 }, { maxTicks: 8 });
    busy(t, setup);
    for (let i = 0; i < 20; i++) t.step();
    const mark = t.mark();
    // What a failed command might have done before it threw: acted, stepped, acted again.
    busy(t, [{ kind: 'startConsumer', name: 'c', group: 'g', topics: ['t'], offsetReset: 'earliest' }]);
    for (let i = 0; i < 30; i++) t.step();
    busy(t, [{ kind: 'crashConsumer', name: 'c' }]);
    // …and a half-written world, as an exception mid-rule would leave it.
    t.world.counters.requestId += 1000;

    t.rollBackTo(mark);
    expect(t.tick).toBe(20);
    expect(t.headTick).toBe(20);
    expect(t.isInPast).toBe(false);
    expect(t.entries).toHaveLength(2);
    expect(state(t)).toBe(state(reference));
    // And it goes on exactly as a world that never had them.
    for (let i = 0; i < 25; i++) {
      t.step();
      reference.step();
    }
    expect(state(t)).toBe(state(reference));
  });

  it('given a bare tick, keeps the commands recorded at that tick', () => {
    const t = new Timeline({ seed: 4 });
    busy(t, [{ kind: 'createTopic', topic: 't', partitions: 1 }]);
    for (let i = 0; i < 5; i++) t.step();
    busy(t, [{ kind: 'createTopic', topic: 'u', partitions: 1 }]);
    t.step();
    t.rollBackTo(5);
    expect([...t.world.topics.keys()]).toEqual(['t', 'u']);
    expect(t.headTick).toBe(5);
  });
});
