/**
 * The simulated network as the stage draws it: each message in flight as a mark going from one
 * address to another, with an id that stays the same from frame to frame so the view can follow
 * (and interpolate) one mark. Payloads (record stores, records) stay in the worker.
 */
import { address, type NetworkMessage } from '../../../engine/index.ts';
import type { SceneMessage } from '../protocol.ts';

/** Messages a frame carries, at most; the rest are counted in `messagesOmitted`. */
export const MESSAGE_LIMIT = 300;

const BROKER = address.broker(1);

/**
 * Messages between clients and brokers: what the stage draws (followers' fetches from their leader
 * are not drawn yet). A transactional producer's requests go to its coordinator's broker.
 */
type ClientMessage = Exclude<NetworkMessage, { kind: 'replica-fetch' | 'replica-fetch-response' }>;

const isClientMessage = (m: NetworkMessage): m is ClientMessage =>
  m.kind !== 'replica-fetch' &&
  m.kind !== 'replica-fetch-response' &&
  // A request sent while no broker coordinated the transactional.id goes nowhere that can be drawn.
  !((m.kind === 'txn-request' || m.kind === 'txn-response') && m.broker < 0);

/** Records a message carries: a produce request's batch, a fetch answer's ranges; 0 for the others. */
function recordCount(m: ClientMessage): number {
  if (m.kind === 'produce') return m.records.length;
  if (m.kind === 'fetch-response') return m.ranges.reduce((n, r) => n + (r.to - r.from), 0);
  return 0;
}

/**
 * What names a message while it is in flight. Fetches are numbered by their consumer
 * (incarnation, fetch epoch); the others by their arrive tick, which never changes in flight.
 * Messages that share a name arrive in the same tick and so leave the wire together: their
 * order among themselves (the `#n` suffix) is stable too.
 */
function baseId(m: ClientMessage): string {
  switch (m.kind) {
    case 'produce':
    case 'produce-response':
      return `${m.kind}:${m.requestId}:${m.arriveTick}`;
    case 'fetch':
    case 'fetch-response':
      return `${m.kind}:${m.consumer}:${m.incarnation}:${m.fetchEpoch}`;
    case 'commit':
    case 'commit-response':
      return `${m.kind}:${m.consumer}:${m.incarnation}:${m.arriveTick}`;
    case 'txn-request':
    case 'txn-response':
      return `${m.kind}:${m.requestId}:${m.arriveTick}`;
  }
}

function endpoints(m: ClientMessage): { from: string; to: string } {
  switch (m.kind) {
    case 'produce':
      return { from: address.producer(m.producer), to: address.partition(m.topic, m.partition) };
    case 'produce-response':
      return { from: address.partition(m.topic, m.partition), to: address.producer(m.producer) };
    case 'fetch': {
      const first = m.positions[0];
      return { from: address.consumer(m.consumer), to: first ? address.partition(first.topic, first.partition) : BROKER };
    }
    case 'fetch-response': {
      const first = m.ranges[0];
      return { from: first ? address.partition(first.topic, first.partition) : BROKER, to: address.consumer(m.consumer) };
    }
    case 'commit':
      return { from: address.consumer(m.consumer), to: address.group(m.group) };
    case 'commit-response':
      return { from: address.group(m.group), to: address.consumer(m.consumer) };
    case 'txn-request':
      return { from: address.producer(m.producer), to: address.broker(m.broker) };
    case 'txn-response':
      return { from: address.broker(m.broker), to: address.producer(m.producer) };
  }
}

/** The messages on the wire, in send order, at most `limit` of them (those carrying records kept first). */
export function sceneMessages(network: readonly NetworkMessage[], limit: number = MESSAGE_LIMIT): { messages: SceneMessage[]; omitted: number } {
  const seen = new Map<string, number>();
  const all = network.filter(isClientMessage).map((m): SceneMessage => {
    const base = baseId(m);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { id: n === 0 ? base : `${base}#${n}`, kind: m.kind, ...endpoints(m), arriveTick: m.arriveTick, records: recordCount(m) };
  });
  const cap = Math.max(0, Math.floor(limit));
  if (all.length <= cap) return { messages: all, omitted: 0 };
  const carrying = all.filter((m) => m.records > 0).slice(0, cap);
  const kept = new Set<SceneMessage>(carrying);
  for (const m of all) {
    if (kept.size >= cap) break;
    kept.add(m);
  }
  return { messages: all.filter((m) => kept.has(m)), omitted: all.length - kept.size };
}
