/**
 * The one change a fork makes: what is suggested follows each application's status on real worlds,
 * every suggestion is a command the world accepts at that tick, and a typed command is checked
 * before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { checkChange, consumerStarts, suggestChanges } from '../../site/playground/fork/fork-changes.ts';
import { STARTERS } from '../../site/playground/starters.ts';
import { NotebookKernel } from '../../site/stage/kernel/notebook-kernel.ts';
import type { NotebookOp } from '../../site/stage/protocol.ts';
import { consumer, partition, producer, scene } from '../stage/view/fixtures.ts';

const starter = (id: string) => STARTERS.find((s) => s.id === id)!;
const cellOps = (...cells: number[]): NotebookOp[] => cells.map((cell) => ({ op: 'cell', cell }));

/** A starter's world after `ops`, and the changes suggested at `tick` (default: the head). */
function world(id: string, ops: readonly NotebookOp[], tick?: number) {
  const { seed, cells } = starter(id);
  const kernel = NotebookKernel.replay(seed, cells, ops);
  const at = tick ?? kernel.headTick;
  return { kernel, at, changes: suggestChanges(kernel.frame(at).scene, consumerStarts(cells, ops)) };
}

describe('suggested changes', () => {
  it('offers to crash or stop a running consumer and to grow each topic, once the producer is done', () => {
    // crash-and-resume after two cells (tick 16): ledger runs; checkout sent its 12 by tick 13.
    expect(world('crash-and-resume', cellOps(0, 1)).changes).toEqual([
      { label: 'Crash ledger', command: 'sim crash ledger' },
      { label: 'Stop ledger gracefully', command: 'sim consumer stop ledger' },
      { label: 'Add a partition to payments (2 to 3)', command: 'kafka-topics --alter --topic payments --partitions 3' },
    ]);
  });

  it('offers to stop a producer application while it still sends', () => {
    // At tick 5 checkout has sent 5 of its 12 (one a tick from tick 1).
    expect(world('crash-and-resume', cellOps(0, 1), 5).changes.map((c) => c.command)).toContain('sim producer stop checkout');
  });

  it('offers only a restart to a crashed consumer', () => {
    const { changes } = world('crash-and-resume', [...cellOps(0, 1), { op: 'act', command: 'sim crash ledger', tick: 16 }]);
    expect(changes.filter((c) => c.command.includes('ledger'))).toEqual([{ label: 'Restart ledger', command: 'sim restart ledger' }]);
  });

  it('offers a stopped consumer a restart, or its own start again with each other commit mode', () => {
    // three-departments after three cells: billing-1 stopped gracefully; it was started with
    // `--offset-reset earliest` and no --commit (auto). A stopped consumer may be started again
    // under its name with new flags; a running one's commit mode cannot be changed.
    const { changes } = world('three-departments', cellOps(0, 1, 2));
    expect(changes.filter((c) => c.command.includes('billing-1'))).toEqual([
      { label: 'Restart billing-1', command: 'sim restart billing-1' },
      {
        label: 'Start billing-1 again, committing after processing (--commit after)',
        command: 'sim consumer start billing-1 --group billing --topic orders --offset-reset earliest --commit after',
      },
      {
        label: 'Start billing-1 again, committing before processing (--commit before)',
        command: 'sim consumer start billing-1 --group billing --topic orders --offset-reset earliest --commit before',
      },
    ]);
    expect(changes.filter((c) => c.command.includes('shipping-1')).map((c) => c.label)).toEqual(['Crash shipping-1', 'Stop shipping-1 gracefully']);
  });

  it.each([
    ['crash-and-resume', cellOps(0, 1), 5],
    ['crash-and-resume', cellOps(0, 1, 2), undefined],
    ['three-departments', cellOps(0, 1, 2), undefined],
    ['rebalancing', cellOps(0, 1), undefined],
  ] as const)('in %s, every suggestion is accepted by the world and changes it', (id, ops, tick) => {
    const { seed, cells } = starter(id);
    const { at, changes } = world(id, ops, tick);
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      const kernel = NotebookKernel.replay(seed, cells, ops);
      const logged = kernel.ops.length;
      const acted = kernel.act(change.command, at);
      expect(acted.ok, `${change.command}: ${acted.output.map((l) => l.text).join(' ')}`).toBe(true);
      expect(kernel.ops.length, change.command).toBe(logged + 1);
    }
  });

  it('starts the consumer again with the commit mode picked', () => {
    const { kernel, at, changes } = world('three-departments', cellOps(0, 1, 2));
    const before = changes.find((c) => c.command.endsWith('--commit before'))!;
    expect(kernel.act(before.command, at).output.map((l) => l.text)).toEqual(['consumer billing-1 started in group billing (commit before)']);
  });

  it('suggests nothing for a console consumer, quotes odd names, and skips a topic the scene may have cut short', () => {
    const s = scene({
      consumers: [consumer('console-consumer-1', 'g', { console: true }), consumer('my app', 'g')],
      producers: [producer('console-producer#1', { console: true }), producer('done', { status: 'done' })],
      topics: [
        { name: 'a', partitions: [partition({ logEnd: 0 })] },
        { name: 'b', partitions: [partition({ topic: 'b', logEnd: 0 })] },
      ],
      partitionsOmitted: 3,
    });
    expect(suggestChanges(s).map((c) => c.command)).toEqual([
      "sim crash 'my app'",
      "sim consumer stop 'my app'",
      'kafka-topics --alter --topic a --partitions 2',
    ]);
    for (const c of suggestChanges(s)) expect(checkChange(c.command)).toEqual({ ok: true, command: c.command });
  });
});

describe('consumer start commands of a world', () => {
  it('takes the last start of each name, from the cells in the order run and the actions, in transcripts too', () => {
    const cells = [
      'sim consumer start a --group g --topic t --commit after',
      '$ sim consumer start b --group g --topic t\nconsumer b started in group g (commit auto)',
      'sim consumer start never --group g --topic t',
      'sim consumer start c --group g --topic t\nsim crsh a\nsim consumer start d --group g --topic t',
    ];
    const ops: NotebookOp[] = [
      { op: 'cell', cell: 1 },
      { op: 'cell', cell: 0 },
      { op: 'cell', cell: 3 },
      { op: 'act', command: 'sim consumer start a --group h --topic t', tick: 4 },
      { op: 'advance', ticks: 3, untilQuiet: false },
    ];
    const starts = consumerStarts(cells, ops);
    // A cell that does not parse runs nothing: c and d are starts the world never saw.
    expect([...starts.keys()].sort()).toEqual(['a', 'b']);
    expect(starts.get('a')?.text).toBe('sim consumer start a --group h --topic t');
    expect(starts.get('b')?.text).toBe('sim consumer start b --group g --topic t');
  });
});

describe('a typed change', () => {
  it.each([
    { text: 'sim crash ledger', command: 'sim crash ledger' },
    { text: '  kafka-topics --alter --topic payments --partitions 3  ', command: 'kafka-topics --alter --topic payments --partitions 3' },
    { text: `sim crash ${'a'.repeat(290)}`, command: `sim crash ${'a'.repeat(290)}` },
  ])('accepts one command: $command', ({ text, command }) => {
    expect(checkChange(text)).toEqual({ ok: true, command });
  });

  it.each([
    { text: '', message: 'Type one command to change, such as sim crash NAME.' },
    { text: '   ', message: 'Type one command to change, such as sim crash NAME.' },
    { text: '# crash it', message: 'Type one command to change, such as sim crash NAME: a comment changes nothing.' },
    { text: 'sim crash a\nsim restart a', message: 'A fork changes one thing: type one command, not 2.' },
    { text: `sim crash ${'a'.repeat(291)}`, message: 'A change is one command of at most 300 characters; this one has 301.' },
  ])('refuses $text', ({ text, message }) => {
    expect(checkChange(text)).toEqual({ ok: false, message });
  });

  it('reports a command that does not parse as the shell does: where, what, and the nearest command', () => {
    const check = checkChange('sim crsh ledger');
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message.split('\n')).toEqual([
      expect.stringMatching(/^error at line 1, column 5: /),
      '  sim crsh ledger',
      '      ^^^^',
      'did you mean crash?',
    ]);
  });
});
