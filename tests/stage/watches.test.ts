/**
 * Watches, the conditions a lesson's guided steps wait on: parsed from a `<WaitFor>`'s attributes
 * (a bad one is refused with a reason), matched against events, and met in the kernel at the tick
 * the shell sees the same thing happen (a member gone from `kafka-consumer-groups --members`).
 */
import { describe, expect, it } from 'vitest';
import { renderScript, ShellSession } from '../../engine/index.ts';
import { KernelHost } from '../../site/stage/kernel/kernel-host.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import { describeWatch, isWatch, matchesWatch, parseWatch, type Watch } from '../../site/stage/kernel/watches.ts';
import type { StageEvent } from '../../site/stage/protocol.ts';
import { hitsInPageOrder } from '../../site/course/watch-bridge.ts';

describe('parseWatch', () => {
  it.each([
    { attributes: { event: 'member.expired', group: 'shipping' }, watch: { event: 'member.expired', group: 'shipping' } },
    { attributes: { event: 'records.deleted', topic: 'orders', partition: '2' }, watch: { event: 'records.deleted', topic: 'orders', partition: 2 } },
    { attributes: { event: 'consumer.crashed', consumer: 'shipping-1' }, watch: { event: 'consumer.crashed', consumer: 'shipping-1' } },
  ])('reads $attributes', ({ attributes, watch }) => {
    expect(parseWatch(attributes)).toEqual(watch);
  });

  it.each([
    { attributes: {}, reason: /needs event="KIND"/ },
    { attributes: { event: 'member.died' }, reason: /unknown event kind "member.died"; one of: .*member\.expired/ },
    { attributes: { event: 'records.deleted', partition: '-1' }, reason: /partition must be a whole number, not "-1"/ },
    { attributes: { event: 'records.deleted', partition: '1e3' }, reason: /partition must be a whole number/ },
    { attributes: { event: 'member.expired', group: '' }, reason: /group must not be empty/ },
  ])('refuses $attributes', ({ attributes, reason }) => {
    expect(parseWatch(attributes)).toMatch(reason);
  });

  it('a watch from the page is checked field by field before the worker trusts it', () => {
    expect(isWatch({ event: 'member.expired', group: 'g' })).toBe(true);
    expect(isWatch({ event: 'member.expired', group: 7 })).toBe(false);
    expect(isWatch({ event: 'nothing' })).toBe(false);
    expect(isWatch({ event: 'records.deleted', partition: 1.5 })).toBe(false);
    expect(isWatch({ event: 'records.deleted', extra: 'x' })).toBe(false);
    expect(isWatch(null)).toBe(false);
  });
});

describe('describeWatch', () => {
  it.each([
    { watch: { event: 'member.expired', group: 'shipping' }, words: 'a member’s session times out in group shipping' },
    { watch: { event: 'records.deleted', topic: 'orders', partition: 1 }, words: 'retention deletes records on orders partition 1' },
    { watch: { event: 'consumer.crashed', consumer: 'shipping-1' }, words: 'a consumer crashes for shipping-1' },
    { watch: { event: 'fetch.sent' }, words: 'the event fetch.sent happens' },
  ] satisfies { watch: Watch; words: string }[])('$words', ({ watch, words }) => {
    expect(describeWatch(watch)).toBe(words);
  });
});

describe('matchesWatch', () => {
  const expired: StageEvent = {
    kind: 'member.expired',
    source: 'group:g',
    destination: 'group:g',
    group: 'g',
    memberId: 'shipping-1-6f1c2a4e-0b1d-4c3e-9a7f-2d8e5b6c4a10',
  };
  it.each([
    { watch: { event: 'member.expired' }, matches: true },
    { watch: { event: 'member.expired', group: 'g' }, matches: true },
    { watch: { event: 'member.expired', group: 'h' }, matches: false },
    // Kafka's member id is CLIENT-ID-uuid: the consumer's name is its prefix.
    { watch: { event: 'member.expired', consumer: 'shipping-1' }, matches: true },
    { watch: { event: 'member.expired', consumer: 'shipping' }, matches: false },
    { watch: { event: 'member.left', group: 'g' }, matches: false },
  ] satisfies { watch: Watch; matches: boolean }[])('$watch → $matches', ({ watch, matches }) => {
    expect(matchesWatch(watch, expired)).toBe(matches);
  });
});

describe('the kernel meets watches at the tick the shell sees it happen', () => {
  const cells = [
    'kafka-topics --create --topic orders --partitions 2\nsim consumer start shipping-1 --group shipping --topic orders',
    'sim tick 16\nsim crash shipping-1',
    'sim tick 60',
  ];
  const watches: Watch[] = [
    { event: 'consumer.crashed', consumer: 'shipping-1' },
    { event: 'member.expired', group: 'shipping' },
    { event: 'member.expired', group: 'inventory' },
  ];

  /** The first tick after the crash at which `--describe --members` no longer lists shipping-1, stepping the shell one tick at a time. */
  function tickMemberGone(): number {
    const session = ShellSession.create();
    session.run(`${cells[0]}\n${cells[1]}`);
    for (let tick = 17; tick <= 76; tick++) {
      session.run('sim tick 1');
      const printed = renderScript(session.run('kafka-consumer-groups --describe --group shipping --members')).join('\n');
      if (!printed.includes('shipping-1')) return tick;
    }
    throw new Error('the member never left');
  }

  it('a crash at tick 16, the session expiring when the shell stops listing the member, and a watch never met', () => {
    const kernel = new NotebookKernel(1, cells, watches);
    expect(kernel.status().watchHits).toEqual([null, null, null]);
    kernel.runCells([0, 1, 2]);
    expect(kernel.status().watchHits).toEqual([16, tickMemberGone(), null]);
  });

  it('acting in the past forgets the hits of the discarded future; a reset forgets them all', () => {
    const kernel = new NotebookKernel(1, cells, watches);
    kernel.runCells([0, 1, 2]);
    kernel.act('sim restart shipping-1', 20);
    const [crashed, expired] = kernel.status().watchHits;
    expect(crashed).toBe(16);
    // The restart at 20 happened before the session ran out: the old member is expelled later, or not in the ticks left.
    expect(expired === null || (expired ?? 0) > 20).toBe(true);
    kernel.reset();
    expect(kernel.status().watchHits).toEqual([null, null, null]);
  });

  it('the worker refuses an init whose watches are not watches, and reports hits in every status', () => {
    const host = new KernelHost();
    expect(host.handle({ id: 1, type: 'init', seed: 1, cells, watches: [{ event: 'nope' }] as unknown as Watch[] })).toEqual({
      id: 1,
      type: 'failed',
      message: 'init takes a list of watches (event kind and fields)',
    });
    const ready = host.handle({ id: 2, type: 'init', seed: 1, cells, watches });
    expect(ready.type === 'ready' && ready.status.watchHits).toEqual([null, null, null]);
    const run = host.handle({ id: 3, type: 'runCells', cells: [0, 1] });
    expect(run.type === 'cellsRun' && run.status.watchHits).toEqual([16, null, null]);
  });

  it('a replay rebuilds the same hits', () => {
    const kernel = new NotebookKernel(1, cells, watches);
    kernel.runCells([0, 1, 2]);
    expect(NotebookKernel.replay(1, cells, kernel.ops, watches).status().watchHits).toEqual(kernel.status().watchHits);
  });
});

describe('the page’s guided steps and the engine’s hits', () => {
  it('a malformed step is never met and does not shift the others', () => {
    const good: Watch = { event: 'member.expired' };
    // The engine was sent only the two valid watches; their hits go back to steps 0 and 2.
    expect(hitsInPageOrder([good, null, good], [12, null])).toEqual([12, null, null]);
    expect(hitsInPageOrder([null, good], [7])).toEqual([null, 7]);
    expect(hitsInPageOrder([good], [])).toEqual([null]);
  });
});
