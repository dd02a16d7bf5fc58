// Golden transcripts for the `sim` family. Its output is the simulator's own (no Kafka
// reference), except the ledger summary, whose format is fixed by DESIGN.md:
// `group G: processed P, distinct D, duplicated X, skipped S`. The Kafka tool output between
// sim commands still follows the reference.
import { describe, expect, it } from 'vitest';
import { renderScript, ShellSession } from '../../../engine/index.ts';
import { execute, expectTranscript, setup } from './golden.ts';

const LEDGER_LINE = /^group (\S+): processed (\d+), distinct (\d+), duplicated (\d+), skipped (\d+)$/;

/** `orders` (1 partition) holding o0…o5, produced at tick 0 (the producer waits 2 ticks for acks). */
function sixOrders(): ShellSession {
  return setup(
    ShellSession.create(),
    `kafka-topics --create --topic orders
kafka-console-producer --topic orders <<EOF
o0
o1
o2
o3
o4
o5
EOF`,
  );
}

describe('sim: the clock', () => {
  it('sim tick [N] advances and prints the tick; sim run stops once the world is quiet', () => {
    expectTranscript(`
$ sim tick
tick 1
$ sim tick 5
tick 6
$ sim run
quiet at tick 6 after 0 ticks
$ kafka-topics --create --topic orders
Created topic orders.
$ sim consumer start shipping --group shipping --topic orders
consumer shipping started in group shipping (commit auto)
$ sim run
quiet at tick 9 after 3 ticks
$ sim consumer stop shipping
consumer shipping is stopping: it finishes its batch, commits and leaves shipping
$ sim run
quiet at tick 12 after 3 ticks
$ sim run
quiet at tick 12 after 0 ticks
`);
  });

  it('sim run --max-ticks stops a world that never goes quiet, and says why', () => {
    expectTranscript(`
$ kafka-topics --create --topic clicks
Created topic clicks.
$ sim producer start web --topic clicks --every 5
producer web started on clicks
$ sim run --max-ticks 12
still busy at tick 12 after 12 ticks: 1 message(s) in flight
$ sim producer stop web
producer web stopped
$ sim run
quiet at tick 13 after 1 tick
`);
  });

  it('sim seed prints nothing, and the same seed and commands give the same output', () => {
    const script = `sim seed 42
kafka-topics --create --topic orders --partitions 3
sim producer start web --topic orders --count 9 --keys a,b,c
sim consumer start shipping --group shipping --topic orders --offset-reset earliest
sim run
kafka-consumer-groups --describe --group shipping
sim ledger --group shipping`;
    const first = renderScript(ShellSession.create().run(script));
    const second = renderScript(ShellSession.create().run(script));
    expect(second).toEqual(first);
    expect(execute(ShellSession.create(), 'sim seed 42')).toEqual({ stdout: [], stderr: [], exitCode: 0 });
  });
});

describe('sim: applications', () => {
  it('a producer application: --keys cycle, --value with {n}, --count', () => {
    expectTranscript(`
$ kafka-topics --create --topic orders
Created topic orders.
$ sim producer start web --topic orders --count 3 --keys a,b --value "order-{n}"
producer web started on orders
$ sim run
quiet at tick 5 after 5 ticks
$ kafka-console-consumer --topic orders --from-beginning --property print.key=true
a\torder-1
b\torder-2
a\torder-3
Processed a total of 3 messages
$ sim status
tick 11 (quiet)
topic orders: p0 [0, 3)
group console-consumer-23062: Empty, generation 2, 0 member(s)
producer web: done, 3 sent, 3 acknowledged
`);
  });

  it('a consumer application processes and commits; a clean run has no duplicates and no gaps', () => {
    expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic orders --offset-reset earliest --process-ticks 2
consumer shipping started in group shipping (commit auto)
$ sim run
quiet at tick 22 after 20 ticks
$ sim ledger --group shipping
group shipping: processed 6, distinct 6, duplicated 0, skipped 0
$ sim status
tick 22 (quiet)
topic orders: p0 [0, 6)
group shipping: Stable, generation 1, 1 member(s)
consumer shipping: running, fetching, orders-0@6
$ sim consumer stop shipping
consumer shipping is stopping: it finishes its batch, commits and leaves shipping
$ sim run
quiet at tick 23 after 1 tick
$ sim restart shipping
consumer shipping restarted: it rejoins shipping and resumes from the committed offsets
$ sim run
quiet at tick 26 after 3 ticks
$ sim ledger --group shipping
group shipping: processed 6, distinct 6, duplicated 0, skipped 0
`,
      sixOrders(),
    );
  });

  it('refusals go to stderr as `error: …`, exit 1, and change nothing', () => {
    const session = setup(sixOrders(), 'sim consumer start shipping --group shipping --topic orders');
    expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic orders
error: consumer shipping already exists (running); use sim restart shipping
$ sim restart shipping
error: consumer shipping is still running
$ sim crash packing
error: no running consumer named packing
$ sim consumer stop packing
error: no running consumer named packing
$ sim producer stop web
error: no running producer named web
$ sim ledger --group billing
error: no group named billing
`,
      session,
    );
    expect(execute(session, 'sim ledger --group billing')).toEqual({ stdout: [], stderr: ['error: no group named billing'], exitCode: 1 });
    expect(execute(session, 'sim crash packing').exitCode).toBe(1);
  });
});

// The rules' own checks (rules/topics.ts, consumers.ts, producers.ts), so the site and the API
// meet them too; the messages are Kafka's: Topic.validate, ReplicationControlManager's collision
// check, ReplicaManager's refusal to append to an internal topic, KafkaProducer.ensureValidRecordSize.
describe('sim: topic names and record sizes as Kafka checks them', () => {
  const INVALID = "Topic name is invalid: 'my orders' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'";

  it('an application with an invalid topic name is refused, and nothing is created', () => {
    const session = expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic "my orders"
error: ${INVALID}
$ sim producer start web --topic "my orders" --count 1
error: ${INVALID}
$ sim producer start web --topic .. --count 1
error: Topic name is invalid: '..' is not allowed
$ kafka-consumer-groups --list
$ kafka-topics --list
orders
`,
      sixOrders(),
    );
    expect(execute(session, 'sim consumer start shipping --group shipping --topic "my orders"')).toEqual({
      stdout: [],
      stderr: [`error: ${INVALID}`],
      exitCode: 1,
    });
  });

  it('a producer is not given a topic that collides, nor an internal one', () => {
    expectTranscript(
      `
$ kafka-topics --create --topic shop.orders
WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.
Created topic shop.orders.
$ sim producer start web --topic shop_orders --count 1
error: Topic 'shop_orders' collides with existing topic: shop.orders
$ sim producer start web --topic __consumer_offsets --count 1
error: Cannot append to internal topic __consumer_offsets
$ kafka-topics --list
orders
shop.orders
`,
      sixOrders(),
    );
  });

  // The first record of --value 1048490 x's with no key: 61 + 21 + 1 + (3 + 1048490) + 1 bytes.
  it('a --value too large for max.request.size (1048576) is refused with RecordTooLargeException', () => {
    expect(execute(sixOrders(), `sim producer start web --topic orders --value ${'x'.repeat(1_048_490)}`)).toEqual({
      stdout: [],
      stderr: ['error: The message is 1048577 bytes when serialized which is larger than 1048576, which is the value of the max.request.size configuration.'],
      exitCode: 1,
    });
    expect(execute(sixOrders(), `sim producer start web --topic orders --count 1 --value ${'x'.repeat(1_048_489)}`).exitCode).toBe(0);
  });
});

describe('sim: the teaching scenarios (crash mid-batch, then restart)', () => {
  it('--commit after (at-least-once): the records processed since the last commit are processed again', () => {
    const session = expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic orders --commit after --process-ticks 4 --max-poll-records 3 --offset-reset earliest
consumer shipping started in group shipping (commit after)
$ sim tick 26
tick 28
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          3               6               3               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
$ sim crash shipping
consumer shipping crashed, losing its uncommitted positions orders-0@6
$ sim status
tick 28 (busy: group shipping still waits for the session of shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a to time out)
topic orders: p0 [0, 6)
group shipping: Stable, generation 1, 1 member(s)
consumer shipping: crashed
$ sim run
quiet at tick 56 after 28 ticks
$ kafka-consumer-groups --describe --group shipping

Consumer group 'shipping' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
shipping        orders          0          3               6               3               -               -               -
$ sim restart shipping
consumer shipping restarted: it rejoins shipping and resumes from the committed offsets
$ sim run
quiet at tick 76 after 20 ticks
$ sim ledger --group shipping
group shipping: processed 7, distinct 6, duplicated 1, skipped 0
  duplicated orders-0@3: processed 2 times (shipping at tick 28, shipping at tick 66)
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          6               6               0               shipping-b0d99d9f-8f70-4288-b97f-a4bc9d182b9b /127.0.0.1      shipping
`,
      sixOrders(),
    );
    const ledger = execute(session, 'sim ledger --group shipping').stdout[0] ?? '';
    const [, group, processed, distinct, duplicated, skipped] = LEDGER_LINE.exec(ledger) ?? [];
    expect({ group, processed, distinct, duplicated, skipped }).toEqual({ group: 'shipping', processed: '7', distinct: '6', duplicated: '1', skipped: '0' });
  });

  it('--commit before (at-most-once): the rest of the batch is committed but never processed', () => {
    const session = expectTranscript(
      `
$ sim consumer start shipping --group shipping --topic orders --commit before --process-ticks 4 --max-poll-records 3 --offset-reset earliest
consumer shipping started in group shipping (commit before)
$ sim tick 26
tick 28
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          6               6               0               shipping-e304cf31-4cd9-4d3b-9e22-ed7092032d6a /127.0.0.1      shipping
$ sim crash shipping
consumer shipping crashed
$ sim run
quiet at tick 56 after 28 ticks
$ sim restart shipping
consumer shipping restarted: it rejoins shipping and resumes from the committed offsets
$ sim run
quiet at tick 59 after 3 ticks
$ sim ledger --group shipping
group shipping: processed 3, distinct 3, duplicated 0, skipped 3
  skipped orders-0@3
  skipped orders-0@4
  skipped orders-0@5
$ kafka-consumer-groups --describe --group shipping

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                   HOST            CLIENT-ID
shipping        orders          0          6               6               0               shipping-b0d99d9f-8f70-4288-b97f-a4bc9d182b9b /127.0.0.1      shipping
`,
      sixOrders(),
    );
    const [, , processed, distinct, duplicated, skipped] = LEDGER_LINE.exec(execute(session, 'sim ledger --group shipping').stdout[0] ?? '') ?? [];
    expect({ processed, distinct, duplicated, skipped }).toEqual({ processed: '3', distinct: '3', duplicated: '0', skipped: '3' });
  });
});
