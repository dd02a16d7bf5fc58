/**
 * What a hostile or careless script meets: each case that used to run for minutes or exhaust
 * memory (issue 8's list) now finishes at once with a clear message naming the limit, or does
 * what Kafka does. Limits are documented in docs/shell.md ("Limits").
 */
import { describe, expect, it } from 'vitest';
import { renderScript, ShellSession } from '../../engine/index.ts';

function run(script: string): { lines: string[]; exitCode: number; session: ShellSession } {
  const session = ShellSession.create();
  const outcome = session.run(script);
  return { lines: renderScript(outcome), exitCode: outcome.exitCode, session };
}

const LIMITS_HINT = 'see "Limits" in docs/shell.md';

describe('limits at the shell', () => {
  it('sim tick past the per-command limit is a parse error naming the limit, and runs nothing', () => {
    const { lines, exitCode, session } = run('sim tick 1000000000');
    expect(exitCode).toBe(2);
    expect(lines[0]).toBe(
      `error at line 1, column 10: sim tick N must be at most 100000 (the simulator's limit of ticks per command; ${LIMITS_HINT}), not 1000000000`,
    );
    expect(session.timeline.tick).toBe(0);
  });

  it('sim run --max-ticks and --batch past their limits are parse errors too', () => {
    const tooLong = run('kafka-topics --create --topic t\nsim producer start p --topic t\nsim run --max-ticks 1000000000');
    expect(tooLong.exitCode).toBe(2);
    expect(tooLong.lines.at(-3)).toContain(`--max-ticks must be at most 100000 (the simulator's limit of ticks per command`);
    const bigBatch = run('sim producer start p --topic t --batch 100000000');
    expect(bigBatch.lines[0]).toContain(`--batch must be at most 10000 (the simulator's limit of records per batch`);
    expect(bigBatch.session.timeline.world.producers.size).toBe(0);
  });

  it("--partitions 2147483647 on create is Kafka's PolicyViolationException; on --alter, the simulator's limit", () => {
    const created = run('kafka-topics --create --topic big --partitions 2147483647');
    expect(created.exitCode).toBe(1);
    // Kafka 4.1 TopicCommand: the message on stdout, the logged exception on stderr.
    expect(created.lines).toEqual([
      'Error while executing topic command : Excessively large number of partitions per request.',
      'ERROR org.apache.kafka.common.errors.PolicyViolationException: Excessively large number of partitions per request.',
      ' (org.apache.kafka.tools.TopicCommand)',
    ]);
    const altered = run('kafka-topics --create --topic t\nkafka-topics --alter --topic t --partitions 2147483647');
    expect(altered.exitCode).toBe(1);
    expect(altered.lines.at(-1)).toBe(
      `error: 2,147,483,647 partitions for topic t: over the simulator's limit of 10,000 partitions per topic (${LIMITS_HINT})`,
    );
    expect(altered.session.timeline.world.topics.get('t')?.partitions).toHaveLength(1);
  });

  it('a world of 20,000 partitions with a consumer runs (no stack overflow); the 20,001st is refused', () => {
    const { lines, exitCode } = run(
      [
        'kafka-topics --create --topic a --partitions 10000',
        'kafka-topics --create --topic b --partitions 10000',
        'sim consumer start c --group g --topic a',
        'sim tick 30',
        'kafka-topics --create --topic z --partitions 1',
      ].join('\n'),
    );
    expect(exitCode).toBe(1);
    expect(lines.at(-1)).toBe(
      `error: 1 more partition(s) would make 20,001 in this world: over the simulator's limit of 20,000 partitions in a world (${LIMITS_HINT})`,
    );
  });

  it('a command that would do more than its share of work stops early and says where', () => {
    // 1,000 records a tick, each tick's batch its own segment (segment.ms=1), deleted two ticks
    // later: the record limit never bites, the work limit does.
    const { lines, exitCode, session } = run(
      [
        'kafka-topics --create --topic t --config retention.ms=100 --config segment.ms=1',
        'sim producer start p --topic t --batch 1000',
        'sim tick 100000',
      ].join('\n'),
    );
    expect(exitCode).toBe(0);
    const stopped = session.timeline.tick;
    expect(stopped).toBeLessThan(3_100);
    expect(lines).toContain(`tick ${stopped}`);
    expect(lines).toContain(
      `note: stopped at tick ${stopped} after ${stopped.toLocaleString('en-US')} ticks: over the simulator's limit of 3,000,000 events and records per command (${LIMITS_HINT}); run it again to go on`,
    );
  });

  it('a 20 MB word is refused at once, naming the limit', () => {
    const { lines, exitCode, session } = run(`kafka-topics --create --topic ${'x'.repeat(20 * 1024 * 1024)}`);
    expect(exitCode).toBe(2);
    expect(lines[0]).toBe(`error at line 1, column 31: this word is over the simulator's limit of 2,097,152 characters (${LIMITS_HINT})`);
    expect(session.timeline.world.topics.size).toBe(0);
  });
});
