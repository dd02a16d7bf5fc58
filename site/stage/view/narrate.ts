/**
 * The words a screen reader's live region says for one tick: what happened, most important first
 * (a crash, a rebalance, a commit, a processed record, appended records, sent records, then the
 * traffic), at most MAX_PHRASES phrases and then how many events were left unsaid. Heartbeats and
 * group state changes are not spoken: the rebalance phrases already say what they mean.
 */
import type { Frame, Scene, StageEvent } from '../protocol.ts';
import { nameIn, partitionName, partitionOfAddress } from './addresses.ts';
import { andList, counted, plural } from './words.ts';

/** How a leader was chosen, in words (leader.elected's cause). */
const ELECTION_WORDS: Readonly<Record<string, string>> = {
  clean: 'from the in-sync replicas',
  preferred: 'its preferred leader again',
  elr: 'an eligible leader replica',
  'last-known-leader': 'the last leader, back',
  unclean: 'an unclean election: it was out of sync',
};

/** Phrases spoken per tick before "and N more events". */
export const MAX_PHRASES = 4;

const UNSPOKEN = new Set<string>(['member.heartbeat', 'group.state.changed', 'world.seeded']);

interface Phrase {
  readonly tier: number;
  readonly text: string;
  /** Events this phrase speaks for. */
  readonly events: number;
}

/** The live region's sentence for a frame: `tick 12: ledger crashed; …; and 3 more events`. */
export function narrateTick(frame: Frame): string {
  const spoken = frame.events.filter((e) => !UNSPOKEN.has(e.kind));
  if (spoken.length === 0) {
    const quiet = frame.events.length === 0 ? 'nothing happened' : 'nothing but heartbeats';
    // A quiet tick can still be a busy one: say what is under way.
    const busy = frame.scene.consumers.flatMap((c) =>
      c.processing ? [`${c.name} is processing ${partitionName(c.processing.topic, c.processing.partition)}@${c.processing.offset}`] : [],
    );
    return `tick ${frame.tick}: ${[quiet, ...busy.slice(0, MAX_PHRASES)].join('; ')}`;
  }
  const phrases = phrasesOf(spoken, frame.scene)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.tier - b.p.tier || a.i - b.i)
    .map(({ p }) => p);
  const said = phrases.slice(0, MAX_PHRASES);
  const rest = spoken.length - said.reduce((n, p) => n + p.events, 0);
  const more = rest > 0 ? [`and ${rest} more ${plural(rest, 'event')}`] : [];
  return `tick ${frame.tick}: ${[...said.map((p) => p.text), ...more].join('; ')}`;
}

function phrasesOf(events: readonly StageEvent[], scene: Scene): Phrase[] {
  const phrases: Phrase[] = [];
  // Partition moves are told per member: "payments-0 and payments-1 assigned to ledger".
  const moves = new Map<string, { tier: number; verb: string; name: string; partitions: string[]; index: number }>();
  for (const e of events) {
    if (e.kind === 'partition.assigned' || e.kind === 'partition.revoked') {
      const assigned = e.kind === 'partition.assigned';
      const key = `${e.kind}|${e.group ?? ''}|${e.memberId ?? ''}`;
      const move = moves.get(key) ?? {
        tier: 1,
        verb: assigned ? 'assigned to' : 'revoked from',
        name: memberName(scene, e),
        partitions: [],
        index: phrases.length,
      };
      if (!moves.has(key)) {
        moves.set(key, move);
        phrases.push({ tier: 1, text: '', events: 0 });
      }
      move.partitions.push(partitionOf(e));
      continue;
    }
    phrases.push(phraseOf(e, scene));
  }
  for (const move of moves.values()) {
    phrases[move.index] = { tier: move.tier, text: `${andList(move.partitions)} ${move.verb} ${move.name}`, events: move.partitions.length };
  }
  return phrases;
}

function phraseOf(e: StageEvent, scene: Scene): Phrase {
  const one = (tier: number, text: string): Phrase => ({ tier, text, events: 1 });
  const consumer = e.consumer ?? nameIn(e.source, 'consumer') ?? nameIn(e.destination, 'consumer') ?? 'a consumer';
  const producer = e.producer ?? nameIn(e.source, 'producer') ?? nameIn(e.destination, 'producer') ?? 'a producer';
  const group = e.group ?? nameIn(e.destination, 'group') ?? nameIn(e.source, 'group') ?? 'a group';
  const tp = partitionOf(e);
  const n = countOf(e);
  const txn = e.transactionalId ?? producer;
  switch (e.kind) {
    case 'consumer.crashed':
      return one(0, `${consumer} crashed`);
    case 'member.expired':
      return one(0, `${memberName(scene, e)}'s session in ${group} timed out`);
    case 'consumer.stopped':
      return one(0, `${consumer} stopped`);
    case 'consumer.restarted':
      return one(0, `${consumer} restarted`);
    case 'consumer.started':
      return one(0, `${consumer} started in ${group}`);
    case 'rebalance.started':
      return one(1, `${group} started rebalancing${e.reason ? ` (${e.reason})` : ''}`);
    case 'rebalance.completed':
      return one(1, `${group} finished rebalancing`);
    case 'member.joined':
      return one(1, `${memberName(scene, e)} joined ${group}`);
    case 'member.rejoined':
      return one(1, `${memberName(scene, e)} rejoined ${group}`);
    case 'member.left':
      return one(1, `${memberName(scene, e)} left ${group}`);
    case 'topic.created':
      return one(1, `topic ${e.topic ?? ''} created`);
    case 'topic.deleted':
      return one(1, `topic ${e.topic ?? ''} deleted`);
    case 'partitions.added':
      return one(1, `partitions added to ${e.topic ?? 'a topic'}`);
    case 'group.deleted':
      return one(1, `group ${group} deleted`);
    case 'offsets.committed':
      return one(2, `${e.consumer ?? group} committed ${offsetList(e)}`);
    case 'commit.rejected':
      return one(2, `${group} rejected ${consumer}'s commit${e.error ? ` (${e.error})` : ''}`);
    case 'group.offsets.reset':
      return one(2, `${group}'s offsets reset to ${offsetList(e).replace(/^offsets? /, '')}`);
    case 'offset.reset':
      return one(2, `${consumer} reset its position on ${tp} to ${e.offset ?? '?'}`);
    case 'produce.failed':
      return one(2, `${producer} gave up on ${records(n)} for ${tp}${e.error ? ` (${e.error})` : ''}`);
    case 'request.lost':
      return one(3, `a produce request from ${producer} to ${tp} was lost`);
    case 'response.lost':
      return one(3, `an answer from ${tp} to ${producer} was lost`);
    case 'record.processed':
      return one(3, `${consumer} processed ${tp}@${e.offset ?? '?'}`);
    case 'records.appended':
      return one(4, `${records(n)} appended to ${tp}`);
    case 'records.deleted':
      return one(4, `retention deleted ${records(n)} of ${tp}`);
    case 'log.cleaned':
      return one(4, `the log cleaner compacted ${tp} below offset ${e.to ?? '?'}`);
    case 'records.deduplicated':
      return one(4, `${tp} dropped ${n === null ? 'duplicate records' : `${n} duplicate ${plural(n, 'record')}`}`);
    case 'records.sent':
      return one(5, `${producer} sent ${records(n)} to ${tp}`);
    case 'produce.retried':
      return one(5, `${producer} retried a request to ${tp}`);
    case 'producer.started':
      return one(5, `${producer} started producing${e.topic ? ` to ${e.topic}` : ''}`);
    case 'producer.stopped':
      return one(5, `${producer} stopped`);
    case 'producer.finished':
      return one(5, `${producer} finished`);
    case 'produce.acked':
      return one(6, `${tp} acknowledged ${records(n)} to ${producer}`);
    case 'processing.started':
      return one(6, `${consumer} started processing ${tp}@${e.offset ?? '?'}`);
    case 'fetch.sent':
      return one(6, `${consumer} sent a fetch`);
    case 'records.fetched':
      return one(6, `${consumer} fetched ${records(n)} from ${tp}`);
    case 'records.delivered':
      return one(6, `${records(n)} from ${tp} reached ${consumer}`);
    case 'commit.sent':
      return one(6, `${consumer} sent a commit to ${group}`);
    case 'commit.acknowledged':
      return one(6, `${group} acknowledged ${consumer}'s commit`);
    case 'faults.configured':
      return one(6, 'network faults configured');
    case 'replica.fetched':
      return one(7, `broker ${e.destination.replace('broker:', '')} copied ${records(n)} of ${tp}`);
    case 'high-watermark.moved':
      return one(6, `${tp}'s high watermark moved to ${e.to ?? '?'}`);
    case 'cluster.configured':
      return one(5, 'the cluster’s brokers were set up');
    case 'broker.added':
      return one(5, `broker ${e.destination.replace('broker:', '')} joined the cluster`);
    case 'broker.crashed':
      return one(0, `broker ${e.broker ?? '?'} crashed`);
    case 'broker.stopped':
      return one(0, `broker ${e.broker ?? '?'} shut down`);
    case 'broker.restarted':
      return one(1, `broker ${e.broker ?? '?'} restarted`);
    case 'broker.fenced':
      return one(0, `the controller fenced broker ${e.broker ?? '?'}`);
    case 'broker.unfenced':
      return one(1, `broker ${e.broker ?? '?'} registered and is back in the cluster`);
    case 'broker.slowed':
      return one(5, `broker ${e.broker ?? '?'} is ${e.reason === 'slow' ? 'slow' : 'fast again'}`);
    case 'leader.elected':
      return one(0, `${tp}: broker ${e.leader ?? '?'} is the new leader (${ELECTION_WORDS[e.cause ?? ''] ?? 'elected'})`);
    case 'partition.offline':
      return one(0, `${tp} is offline: no replica can lead it`);
    case 'isr.changed':
      return one(2, `${tp}'s in-sync replicas are now ${e.isr && e.isr.length > 0 ? andList(e.isr.map((b) => `broker ${b}`)) : 'none'}`);
    case 'log.truncated':
      return one(0, `${tp}'s new leader does not have offsets ${e.to ?? '?'} to ${(e.from ?? 1) - 1}: those records are gone`);
    case 'replica.truncated':
      return one(2, `broker ${e.broker ?? '?'} cut its copy of ${tp} back to offset ${e.to ?? '?'}`);
    case 'coordinator.moved':
      return one(1, `${group}'s coordinator moved to broker ${e.to ?? '?'}`);
    case 'producer.initialized':
      return one(1, `${txn} has producer epoch ${e.epoch ?? '?'} now`);
    case 'producer.fenced':
      return one(0, `${producer} is fenced: a newer epoch of ${txn} took over${e.error ? ` (${e.error})` : ''}`);
    case 'transaction.started':
      return one(3, `${txn} began a transaction`);
    case 'transaction.ending':
      return one(1, `${txn}'s transaction will ${e.result === 'COMMIT' ? 'commit' : 'abort'}${e.reason ? ` (${e.reason})` : ''}`);
    case 'transaction.completed':
      return one(2, `${txn}'s transaction ${e.result === 'COMMIT' ? 'committed' : 'aborted'}: every marker is written`);
    case 'transaction.ended':
      return one(3, `${producer} heard its transaction ${e.result === 'COMMIT' ? 'committed' : 'aborted'}`);
    case 'marker.written':
      return one(2, `${e.result === 'COMMIT' ? 'a commit' : 'an abort'} marker took offset ${e.offset ?? '?'} of ${tp}`);
    case 'offsets.pending':
      return one(3, `${txn} put ${offsetList(e)} in its transaction for ${group}`);
    case 'processor.rewound':
      return one(1, `${consumer} went back to ${group}'s committed offsets`);
    default:
      return one(7, e.kind.replace('.', ' '));
  }
}

/** "offset 5 on payments-0", "offsets 5 on payments-0 and 3 on payments-1", "… and 19936 more". */
function offsetList(e: StageEvent): string {
  const offsets =
    e.offsets ??
    (e.topic !== undefined && e.partition !== undefined && e.offset !== undefined ? [{ topic: e.topic, partition: e.partition, offset: e.offset }] : []);
  if (offsets.length === 0) return 'offsets';
  const parts = offsets.map((o) => `${o.offset} on ${partitionName(o.topic, o.partition)}`);
  // The kernel cuts long lists (a commit of every partition of a big topic): say how many it cut.
  const omitted = e.offsetsOmitted ?? 0;
  return `${plural(parts.length + omitted, 'offset')} ${andList(omitted > 0 ? [...parts, `${omitted} more`] : parts)}`;
}

function records(n: number | null): string {
  return n === null ? 'records' : counted(n, 'record');
}

function countOf(e: StageEvent): number | null {
  if (e.count !== undefined) return e.count;
  if (e.from !== undefined && e.to !== undefined) return e.to - e.from;
  return null;
}

/** `payments-0` from the event's topic and partition, else from a `partition:T/P` address. */
function partitionOf(e: StageEvent): string {
  if (e.topic !== undefined && e.partition !== undefined) return partitionName(e.topic, e.partition);
  for (const a of [e.destination, e.source]) {
    const tp = partitionOfAddress(a);
    if (tp) return partitionName(tp.topic, tp.partition);
  }
  return 'a partition';
}

const UUID_TAIL = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The consumer a member id belongs to: from the scene, else the client id Kafka put in front of the UUID. */
function memberName(scene: Scene, e: StageEvent): string {
  if (e.consumer !== undefined) return e.consumer;
  const id = e.memberId;
  if (id === undefined) return 'a member';
  for (const g of scene.groups) for (const m of g.members) if (m.memberId === id) return m.consumer;
  for (const c of scene.consumers) if (c.memberId === id) return c.name;
  return id.replace(UUID_TAIL, '');
}
