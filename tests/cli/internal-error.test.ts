// An exception from the engine or a tool while a command runs: the session reports it on
// stderr with exit code 70 (sysexits.h EX_SOFTWARE), puts the world back as it was before the
// command, and goes on. The fault is injected by making Timeline.step or Timeline.apply throw
// as a bug inside a rule would; the reference world is a session that never ran the command.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeWorld, parseScript, ShellSession, Timeline, type CommandOutcome } from '../../engine/index.ts';
import { Output } from '../../engine/shell/output.ts';

const SETUP = [
  'kafka-topics --create --topic orders --partitions 2',
  'kafka-console-producer --topic orders <<EOF',
  'a',
  'b',
  'EOF',
  'sim consumer start c --group g --topic orders --offset-reset earliest',
  'sim tick 3',
].join('\n');

function session(): ShellSession {
  const s = ShellSession.create({ seed: 7 });
  expect(s.run(SETUP).exitCode).toBe(0);
  return s;
}

const state = (s: ShellSession): string => JSON.stringify(describeWorld(s.timeline.world));

function run1(s: ShellSession, command: string): CommandOutcome {
  const [invocation] = parseScript(command).commands;
  if (invocation === undefined) throw new Error(`does not parse: ${command}`);
  return s.execute(invocation);
}

/** Makes the `n`th call of Timeline.step from now throw, after doing its work. */
function failStep(n: number): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called with .call(this) from the stand-in
  const step = Timeline.prototype.step;
  let calls = 0;
  vi.spyOn(Timeline.prototype, 'step').mockImplementation(function (this: Timeline) {
    const events = step.call(this);
    calls += 1;
    if (calls === n) throw new Error('boom');
    return events;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('an internal error while a command runs', () => {
  it('is reported with the command, the reason and the tick, exits 70, and the world is as before', () => {
    const s = session();
    const reference = session();
    const tickBefore = s.timeline.tick;
    failStep(4);
    const outcome = run1(s, 'sim tick 10');
    expect(outcome.exitCode).toBe(70);
    expect(outcome.output).toEqual([{ stream: 'stderr', text: `streamlab: internal error in sim tick: boom — the world is back at tick ${tickBefore}` }]);
    expect(outcome.events).toEqual([]);
    expect(s.timeline.tick).toBe(tickBefore);
    expect(s.timeline.headTick).toBe(tickBefore);
    expect(state(s)).toBe(state(reference));
  });

  it('forgets what the failing command had recorded, even at the tick it started on', () => {
    const s = session();
    const reference = session();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called with .call(this) from the stand-in
    const apply = Timeline.prototype.apply;
    vi.spyOn(Timeline.prototype, 'apply').mockImplementation(function (this: Timeline, command) {
      apply.call(this, command);
      throw new Error('half-applied');
    });
    const outcome = run1(s, 'kafka-topics --create --topic payments');
    expect(outcome.exitCode).toBe(70);
    expect(outcome.output.at(-1)?.text).toBe(`streamlab: internal error in kafka-topics: half-applied — the world is back at tick ${reference.timeline.tick}`);
    vi.restoreAllMocks();
    expect(s.timeline.entries).toHaveLength(reference.timeline.entries.length);
    expect(state(s)).toBe(state(reference));
    expect(run1(s, 'kafka-topics --list').output.map((l) => l.text)).toEqual(['__consumer_offsets', 'orders']);
  });

  it('keeps the lines printed before the failure, and the session goes on', () => {
    const s = session();
    const tickBefore = s.timeline.tick;
    // The consumer prints its records once it has them; let the second line fail.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the original, called with .call(this) from the stand-in
    const out = Output.prototype.out;
    let lines = 0;
    vi.spyOn(Output.prototype, 'out').mockImplementation(function (this: Output, text: string) {
      if (++lines === 2) throw new Error('broken pipe');
      out.call(this, text);
    });
    const outcome = run1(s, 'kafka-console-consumer --topic orders --group other --from-beginning --max-messages 2');
    vi.restoreAllMocks();
    expect(outcome.exitCode).toBe(70);
    expect(outcome.output).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stderr', text: `streamlab: internal error in kafka-console-consumer: broken pipe — the world is back at tick ${tickBefore}` },
    ]);
    expect(run1(s, 'sim tick').output).toEqual([{ stream: 'stdout', text: `tick ${tickBefore + 1}` }]);
    // The group the failed consumer joined is gone with the rest of what it did.
    expect(run1(s, 'kafka-consumer-groups --list').output).toEqual([{ stream: 'stdout', text: 'g' }]);
  });

  it('in the past, a command that recorded nothing leaves the recorded future in place', () => {
    const s = session();
    expect(run1(s, 'sim tick 20').exitCode).toBe(0);
    const head = s.timeline.headTick;
    const entries = s.timeline.entries.length;
    s.timeline.seek(5);
    const atFive = state(s);
    // A read that throws half-way (as a broken query would).
    vi.spyOn(Timeline.prototype, 'world', 'get').mockImplementationOnce(() => {
      throw new Error('bad read');
    });
    expect(run1(s, 'kafka-topics --list').exitCode).toBe(70);
    expect(s.timeline.tick).toBe(5);
    expect(s.timeline.headTick).toBe(head);
    expect(s.timeline.entries).toHaveLength(entries);
    expect(state(s)).toBe(atFive);
  });

  it('stops a script there with exit code 70, after the commands before it', () => {
    const s = session();
    failStep(1);
    const seen: string[] = [];
    const outcome = s.run('kafka-topics --list\nsim tick\nkafka-topics --create --topic never', (o) => seen.push(o.invocation.tool));
    expect(outcome.exitCode).toBe(70);
    expect(seen).toEqual(['kafka-topics', 'sim']);
    expect(outcome.outcomes.map((o) => o.exitCode)).toEqual([0, 70]);
  });
});

describe('ShellSession.run(script, onOutcome)', () => {
  const SCRIPT = 'kafka-topics --create --topic t\nsim tick 5\nkafka-topics --create --topic t\nsim tick';

  it("hears each command's outcome before the next command runs", () => {
    const s = ShellSession.create();
    const heard: { tool: string; tick: number; output: string[] }[] = [];
    s.run(SCRIPT, (o) => heard.push({ tool: o.invocation.tool, tick: s.timeline.tick, output: o.output.map((l) => l.text) }));
    expect(heard).toEqual([
      // The clock is still at 0 when the first outcome arrives: `sim tick 5` has not run yet.
      { tool: 'kafka-topics', tick: 0, output: ['Created topic t.'] },
      { tool: 'sim', tick: 5, output: ['tick 5'] },
      {
        tool: 'kafka-topics',
        tick: 5,
        output: [
          "Error while executing topic command : Topic 't' already exists.",
          "ERROR org.apache.kafka.common.errors.TopicExistsException: Topic 't' already exists.",
          ' (org.apache.kafka.tools.TopicCommand)',
        ],
      },
    ]);
  });

  it('returns the same outcome as run(script) without a listener', () => {
    const heard: CommandOutcome[] = [];
    const streamed = ShellSession.create().run(SCRIPT, (o) => heard.push(o));
    const whole = ShellSession.create().run(SCRIPT);
    expect(streamed).toEqual(whole);
    expect(heard).toEqual(whole.outcomes);
    expect(whole.exitCode).toBe(1);
  });
});
