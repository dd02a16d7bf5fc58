/**
 * Watches: conditions on the engine's events that a lesson's guided steps (`<WaitFor>`) wait on.
 * The kernel checks every event it records against the page's watches and keeps, per watch, the
 * first tick a matching event happened; a step is reached while the shown tick is at or past it.
 * Held in the kernel rather than read from drawn frames, so a jump, a Run all or a reload that
 * skips ticks never misses the event.
 */
import type { WorldEventKind } from '../../../engine/index.ts';
import type { StageEvent } from '../protocol.ts';

/** A condition: an event kind, and the fields the event must carry (each optional). */
export interface Watch {
  readonly event: WorldEventKind;
  readonly group?: string;
  /** The consumer application's name; a member event matches through its member id (`NAME-uuid`). */
  readonly consumer?: string;
  readonly topic?: string;
  readonly partition?: number;
}

/** Every event kind the engine emits (the Record makes the compiler list them all). */
const KINDS: Record<WorldEventKind, true> = {
  'world.seeded': true,
  'topic.created': true,
  'topic.deleted': true,
  'partitions.added': true,
  'records.deleted': true,
  'log.cleaned': true,
  'producer.started': true,
  'producer.stopped': true,
  'producer.finished': true,
  'records.sent': true,
  'request.lost': true,
  'records.appended': true,
  'records.deduplicated': true,
  'produce.acked': true,
  'response.lost': true,
  'produce.retried': true,
  'produce.failed': true,
  'consumer.started': true,
  'consumer.stopped': true,
  'consumer.crashed': true,
  'consumer.restarted': true,
  'member.joined': true,
  'member.heartbeat': true,
  'member.left': true,
  'member.expired': true,
  'rebalance.started': true,
  'member.rejoined': true,
  'partition.revoked': true,
  'partition.assigned': true,
  'rebalance.completed': true,
  'group.state.changed': true,
  'offset.reset': true,
  'fetch.sent': true,
  'records.fetched': true,
  'records.delivered': true,
  'processing.started': true,
  'record.processed': true,
  'commit.sent': true,
  'offsets.committed': true,
  'commit.rejected': true,
  'commit.acknowledged': true,
  'group.offsets.reset': true,
  'group.deleted': true,
  'faults.configured': true,
  'cluster.configured': true,
  'broker.added': true,
  'topic.configured': true,
  'replica.fetched': true,
  'high-watermark.moved': true,
  'broker.crashed': true,
  'broker.stopped': true,
  'broker.restarted': true,
  'broker.fenced': true,
  'broker.unfenced': true,
  'broker.slowed': true,
  'leader.elected': true,
  'partition.offline': true,
  'isr.changed': true,
  'log.truncated': true,
  'replica.truncated': true,
  'coordinator.moved': true,
  'producer.initialized': true,
  'producer.fenced': true,
  'transaction.started': true,
  'transaction.ending': true,
  'transaction.completed': true,
  'transaction.ended': true,
  'marker.written': true,
  'offsets.pending': true,
  'processor.rewound': true,
};

export const EVENT_KINDS: readonly WorldEventKind[] = Object.keys(KINDS) as WorldEventKind[];

export function isEventKind(value: string): value is WorldEventKind {
  return Object.hasOwn(KINDS, value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const FIELDS = ['group', 'consumer', 'topic', 'partition'] as const;

/**
 * A watch from a `<WaitFor>`'s attributes, or why it is not one (the build names the lesson).
 * Attribute values are strings; `partition` must be a whole number.
 */
export function parseWatch(attributes: Readonly<Record<string, string | undefined>>): Watch | string {
  const event = attributes['event'];
  if (event === undefined || event === '') return 'a WaitFor needs event="KIND" (an engine event kind, such as member.expired)';
  if (!isEventKind(event)) return `unknown event kind "${event}"; one of: ${EVENT_KINDS.join(', ')}`;
  const watch: { -readonly [K in keyof Watch]: Watch[K] } = { event };
  for (const field of FIELDS) {
    const value = attributes[field];
    if (value === undefined) continue;
    if (field === 'partition') {
      if (!/^\d{1,9}$/.test(value)) return `partition must be a whole number, not "${value}"`;
      watch.partition = Number(value);
    } else {
      if (value === '') return `${field} must not be empty`;
      watch[field] = value;
    }
  }
  return watch;
}

/** A watch as it travels to the worker: checked field by field (the page is not trusted blindly). */
export function isWatch(value: unknown): value is Watch {
  if (typeof value !== 'object' || value === null) return false;
  const w = value as Record<string, unknown>;
  if (typeof w['event'] !== 'string' || !isEventKind(w['event'])) return false;
  for (const key of Object.keys(w)) if (key !== 'event' && !(FIELDS as readonly string[]).includes(key)) return false;
  if ('partition' in w && !(typeof w['partition'] === 'number' && Number.isInteger(w['partition']) && w['partition'] >= 0)) return false;
  return FIELDS.every((f) => f === 'partition' || !(f in w) || typeof w[f] === 'string');
}

/** Whether `event` satisfies `watch`. */
export function matchesWatch(watch: Watch, event: StageEvent): boolean {
  if (event.kind !== watch.event) return false;
  if (watch.group !== undefined && event.group !== watch.group) return false;
  if (watch.topic !== undefined && event.topic !== watch.topic) return false;
  if (watch.partition !== undefined && event.partition !== watch.partition) return false;
  if (watch.consumer !== undefined) {
    // Member events name the member id, which Kafka's client builds as CLIENT-ID-uuid: the
    // name must be all of what precedes the uuid (consumer shipping is not shipping-1's prefix).
    const byName = event.consumer === watch.consumer;
    const byMember =
      event.memberId !== undefined && event.memberId.startsWith(`${watch.consumer}-`) && UUID.test(event.memberId.slice(watch.consumer.length + 1));
    if (!byName && !byMember) return false;
  }
  return true;
}

/** The commonest conditions in words; any other kind is named as the engine names it. */
const IN_WORDS: Partial<Record<WorldEventKind, string>> = {
  'member.expired': 'a member’s session times out',
  'member.joined': 'a member joins',
  'member.left': 'a member leaves',
  'rebalance.started': 'a rebalance starts',
  'rebalance.completed': 'a rebalance completes',
  'consumer.crashed': 'a consumer crashes',
  'consumer.restarted': 'a consumer restarts',
  'offsets.committed': 'offsets are committed',
  'commit.rejected': 'a commit is rejected',
  'records.deleted': 'retention deletes records',
  'log.cleaned': 'the log cleaner compacts a log',
  'records.appended': 'records are appended',
  'partitions.added': 'partitions are added',
  'partition.assigned': 'a partition is assigned',
  'record.processed': 'a record is processed',
  'producer.finished': 'a producer has sent all its records',
  'broker.crashed': 'a broker crashes',
  'broker.fenced': 'the controller fences a broker',
  'leader.elected': 'a new leader is elected',
  'partition.offline': 'a partition goes offline',
  'isr.changed': 'the in-sync replicas change',
  'log.truncated': 'a new leader’s log cuts records off',
};

/** In words, for the reader waiting on it ("a member’s session times out in group shipping"). */
export function describeWatch(watch: Watch): string {
  const what = IN_WORDS[watch.event] ?? `the event ${watch.event} happens`;
  const where = [
    watch.consumer !== undefined ? `for ${watch.consumer}` : null,
    watch.group !== undefined ? `in group ${watch.group}` : null,
    watch.topic !== undefined ? `on ${watch.topic}${watch.partition !== undefined ? ` partition ${watch.partition}` : ''}` : null,
  ].filter((w) => w !== null);
  return [what, ...where].join(' ');
}
