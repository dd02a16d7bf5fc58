/**
 * Engine events as the stage receives them: the scalar fields it animates and narrates, with
 * record payloads dropped (they are large, and a frame must stay cheap to post to the page).
 */
import type { WorldEvent } from '../../../engine/index.ts';
import type { SceneOffset, StageEvent } from '../protocol.ts';
import { EVENT_OFFSET_LIMIT } from './scene-limits.ts';

/**
 * Events a frame carries, at most. A tick of a consumer that processes in zero ticks can emit one
 * event per record of a large batch; the stage cannot animate thousands of marks in one tick, so
 * a frame keeps the first ones, in order, and drops the rest (its scene still shows the outcome).
 */
export const STAGE_EVENT_LIMIT = 2000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The events of one tick, projected for the stage (at most STAGE_EVENT_LIMIT). */
export function stageEvents(events: readonly WorldEvent[]): StageEvent[] {
  const kept = events.length > STAGE_EVENT_LIMIT ? events.slice(0, STAGE_EVENT_LIMIT) : events;
  return kept.map(stageEvent);
}

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';

/** One event without its payload records: counts and ranges instead. */
export function stageEvent(event: WorldEvent): StageEvent {
  const out: Mutable<StageEvent> = { kind: event.kind, source: event.source, destination: event.destination };
  // Read the payload by field name: every event kind names the same thing the same way
  // (topic, partition, offset, from, to, …), so one projection covers them all, new kinds included.
  const p: Readonly<Record<string, unknown>> = event.payload;
  if (isString(p['topic'])) out.topic = p['topic'];
  if (isNumber(p['partition'])) out.partition = p['partition'];
  if (isNumber(p['offset'])) out.offset = p['offset'];
  if (isNumber(p['from'])) out.from = p['from'];
  if (isNumber(p['to'])) out.to = p['to'];
  if (isNumber(p['count'])) out.count = p['count'];
  if (Array.isArray(p['records'])) out.count = p['records'].length;
  // records.appended, produce.acked: the appended range.
  if (isNumber(p['baseOffset']) && isNumber(p['count'])) {
    out.from = p['baseOffset'];
    out.to = p['baseOffset'] + p['count'];
  }
  if (isString(p['consumer'])) out.consumer = p['consumer'];
  if (isString(p['group'])) out.group = p['group'];
  if (isString(p['memberId'])) out.memberId = p['memberId'];
  if (isString(p['producer'])) out.producer = p['producer'];
  if (isString(p['reason'])) out.reason = p['reason'];
  if ('error' in p && (p['error'] === null || isString(p['error']))) out.error = p['error'];
  if (isNumber(p['broker'])) out.broker = p['broker'];
  if (isNumber(p['leader'])) out.leader = p['leader'];
  if (isNumber(p['previous'])) out.previous = p['previous'];
  if (isString(p['cause'])) out.cause = p['cause'];
  if (isString(p['transactionalId'])) out.transactionalId = p['transactionalId'];
  if (isString(p['result'])) out.result = p['result'];
  if (isNumber(p['producerEpoch'])) out.epoch = p['producerEpoch'];
  if (event.kind === 'marker.written') out.result = event.payload.type;
  // isr.changed: `to` is the new ISR (a list, not an offset).
  if (event.kind === 'isr.changed') out.isr = [...event.payload.to];
  if (event.kind === 'broker.slowed') out.reason = event.payload.slow ? 'slow' : 'fast';
  // offsets.committed, group.offsets.reset, commit.sent: offsets; consumer.crashed: what it lost; fetch.sent: where it reads.
  // A consumer of 20,000 partitions fetches and commits 20,000 offsets at a time: a frame keeps
  // the first EVENT_OFFSET_LIMIT of a list and says how many more there were.
  const offsets = offsetList(p['offsets'] ?? p['lostPositions'] ?? p['positions']);
  if (offsets) {
    out.offsets = offsets.slice(0, EVENT_OFFSET_LIMIT);
    if (offsets.length > EVENT_OFFSET_LIMIT) out.offsetsOmitted = offsets.length - EVENT_OFFSET_LIMIT;
  }
  return out;
}

/** A payload's offset list as fresh plain objects (nothing but the three fields), or null. */
function offsetList(value: unknown): SceneOffset[] | null {
  if (!Array.isArray(value)) return null;
  const list: readonly unknown[] = value;
  return list.flatMap((o): SceneOffset[] => {
    if (typeof o !== 'object' || o === null) return [];
    const { topic, partition, offset } = o as Partial<Record<keyof SceneOffset, unknown>>;
    return isString(topic) && isNumber(partition) && isNumber(offset) ? [{ topic, partition, offset }] : [];
  });
}
