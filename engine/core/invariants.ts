/**
 * Invariants, checked from outside the rules after every tick (TigerBeetle's state checker
 * habit): the checker remembers what it saw and reports any step that broke a promise Kafka makes.
 */
import type { WorldEvent } from './events.ts';
import type { World } from './types.ts';
import { findPartitionByKey, partitionKey } from './world.ts';

interface SeenPartition {
  /** The topic's id: a new id is a new log (the topic was deleted and created again). */
  topicId: string;
  logStart: number;
  logEnd: number;
  highWatermark: number;
  leader: number;
  leaderEpoch: number;
  /** value + key + producer of each offset seen, to detect rewritten history. */
  fingerprints: string[];
}

export class InvariantChecker {
  readonly #partitions = new Map<string, SeenPartition>();
  /** Offsets acknowledged to a producer, per partition: [baseOffset, count]. */
  readonly #acked = new Map<string, [number, number][]>();
  /** Produce requests seen from their first send, and those of them seen appended. */
  readonly #sent = new Set<number>();
  readonly #appended = new Set<number>();
  /** How often each topic was deleted, and in which of its lives each append (`requestId@baseOffset`) happened. */
  readonly #deletions = new Map<string, number>();
  readonly #appendedIn = new Map<string, number>();
  /** Broken promises seen among events, reported by the next `check`. */
  #seen: string[] = [];
  /** Partitions whose log lost records this tick (an election), with the lowest offset kept and whether that was below the high watermark. */
  #truncated = new Map<string, { to: number; belowHighWatermark: boolean }>();
  /** Partitions an unclean election led this tick, and every partition one ever led (their consumers and groups may point past the new log). */
  #uncleanNow = new Set<string>();
  readonly #uncleanEver = new Set<string>();
  /** Appends per partition ([requestId, baseOffset, count]), and those an election cut from the log since (`requestId@baseOffset`): an answer still on its way promises nothing. */
  readonly #appends = new Map<string, [number, number, number][]>();
  readonly #cutAppends = new Set<string>();
  /** Consumer reads this tick: no read may pass the high watermark. */
  #fetched: { key: string; to: number }[] = [];

  /** Notes sends, appends and acknowledgements among `events`, so their records can be checked forever after. */
  observe(events: readonly WorldEvent[]): void {
    for (const e of events) {
      if (e.kind === 'topic.deleted') this.#deletions.set(e.payload.topic, (this.#deletions.get(e.payload.topic) ?? 0) + 1);
      else if (e.kind === 'records.sent' && e.payload.attempt === 1) this.#sent.add(e.payload.requestId);
      else if (e.kind === 'records.appended') {
        this.#appended.add(e.payload.requestId);
        this.#appendedIn.set(`${e.payload.requestId}@${e.payload.baseOffset}`, this.#deletions.get(e.payload.topic) ?? 0);
        const key = partitionKey(e.payload.topic, e.payload.partition);
        const list = this.#appends.get(key) ?? [];
        list.push([e.payload.requestId, e.payload.baseOffset, e.payload.count]);
        this.#appends.set(key, list);
      } else if (e.kind === 'produce.acked') this.#noteAck(e);
      else if (e.kind === 'log.truncated') {
        const key = partitionKey(e.payload.topic, e.payload.partition);
        const to = e.payload.to;
        const kept: [number, number, number][] = [];
        for (const a of this.#appends.get(key) ?? []) {
          if (a[1] + a[2] > to) this.#cutAppends.add(`${a[0]}@${a[1]}`);
          else kept.push(a);
        }
        this.#appends.set(key, kept);
        const before = this.#truncated.get(key);
        this.#truncated.set(key, {
          to: Math.min(before?.to ?? Infinity, e.payload.to),
          belowHighWatermark: (before?.belowHighWatermark ?? false) || e.payload.belowHighWatermark,
        });
      } else if (e.kind === 'leader.elected' && e.payload.cause === 'unclean') {
        this.#uncleanNow.add(partitionKey(e.payload.topic, e.payload.partition));
        this.#uncleanEver.add(partitionKey(e.payload.topic, e.payload.partition));
      } else if (e.kind === 'records.fetched') this.#fetched.push({ key: partitionKey(e.payload.topic, e.payload.partition), to: e.payload.to });
    }
  }

  #noteAck(e: Extract<WorldEvent, { kind: 'produce.acked' }>): void {
    const { requestId, topic, partition, baseOffset, count } = e.payload;
    const key = partitionKey(topic, partition);
    // An acknowledgement without an offset answers a retry the broker took for a duplicate:
    // the request must really have been appended before, or its records are lost.
    if (this.#sent.has(requestId) && !this.#appended.has(requestId)) {
      this.#seen.push(`${key}: request ${requestId} was acknowledged but never appended`);
    }
    if (baseOffset < 0 || this.#cutAppends.has(`${requestId}@${baseOffset}`)) return;
    // An answer from a log deleted since (the topic may exist again under the same name) promises nothing about the new one.
    const life = this.#appendedIn.get(`${requestId}@${baseOffset}`);
    if (life !== undefined && life !== (this.#deletions.get(topic) ?? 0)) return;
    const list = this.#acked.get(key) ?? [];
    list.push([baseOffset, count]);
    this.#acked.set(key, list);
  }

  /** Every violation in `world` now, as sentences; empty when all hold. */
  check(world: World): string[] {
    const problems: string[] = this.#seen;
    this.#seen = [];
    const truncated = this.#truncated;
    const uncleanNow = this.#uncleanNow;
    const fetched = this.#fetched;
    this.#truncated = new Map();
    this.#uncleanNow = new Set();
    this.#fetched = [];
    for (const topic of world.topics.values()) {
      for (const p of topic.partitions) {
        const key = partitionKey(topic.name, p.partition);
        if (!(0 <= p.logStartOffset && p.logStartOffset <= p.highWatermark && p.highWatermark <= p.logEndOffset)) {
          problems.push(`${key}: offsets out of order (start ${p.logStartOffset}, hw ${p.highWatermark}, end ${p.logEndOffset})`);
        }
        // The high watermark is what every in-sync replica holds: no in-sync follower's log ends below it.
        for (const id of p.isr) {
          const follower = p.followers.get(id);
          if (follower && follower.logEnd < p.highWatermark)
            problems.push(`${key}: hw ${p.highWatermark} is past in-sync replica ${id}'s log end ${follower.logEnd}`);
        }
        let seen = this.#partitions.get(key);
        if (seen && seen.topicId !== topic.id) {
          // The topic was deleted and created again: a new log, and old acknowledgements went with the old one.
          seen = undefined;
          this.#acked.delete(key);
        }
        if (!seen) {
          seen = {
            topicId: topic.id,
            logStart: p.logStartOffset,
            logEnd: p.logStartOffset,
            highWatermark: 0,
            leader: p.leader,
            leaderEpoch: p.leaderEpoch,
            fingerprints: [],
          };
          this.#partitions.set(key, seen);
        }
        // One leader per leader epoch, and epochs only grow.
        if (p.leaderEpoch < seen.leaderEpoch) problems.push(`${key}: leader epoch went back from ${seen.leaderEpoch} to ${p.leaderEpoch}`);
        else if (p.leaderEpoch === seen.leaderEpoch && p.leader !== seen.leader)
          problems.push(`${key}: leader changed from ${seen.leader} to ${p.leader} within epoch ${p.leaderEpoch}`);
        seen.leader = p.leader;
        seen.leaderEpoch = p.leaderEpoch;
        // An election may cut the log back, and only an unclean one below the high watermark: the
        // records above the cut are gone, acknowledged or not (acks=1), and offsets there may be reused.
        const cut = truncated.get(key);
        if (cut) {
          if (cut.belowHighWatermark && !uncleanNow.has(key)) problems.push(`${key}: a clean election cut the log to ${cut.to}, below the high watermark`);
          seen.logEnd = Math.min(seen.logEnd, cut.to);
          seen.fingerprints.length = Math.min(seen.fingerprints.length, cut.to);
          if (cut.belowHighWatermark) seen.highWatermark = Math.min(seen.highWatermark, cut.to);
          this.#acked.set(
            key,
            (this.#acked.get(key) ?? []).filter(([base, count]) => base + count <= cut.to),
          );
        }
        if (p.highWatermark < seen.highWatermark) problems.push(`${key}: hw went back from ${seen.highWatermark} to ${p.highWatermark}`);
        seen.highWatermark = Math.max(seen.highWatermark, p.highWatermark);
        if (p.logStartOffset < seen.logStart) problems.push(`${key}: log start went back from ${seen.logStart} to ${p.logStartOffset}`);
        if (p.logEndOffset < seen.logEnd) problems.push(`${key}: log end went back from ${seen.logEnd} to ${p.logEndOffset}`);
        // Records appended before keep their offset and content (per-partition order as appended).
        for (let o = Math.max(p.logStartOffset, seen.logStart); o < Math.min(seen.logEnd, p.logEndOffset); o++) {
          const fp = `${p.store.producerId(o)}|${p.store.key(o)}|${p.store.value(o)}`;
          if (seen.fingerprints[o] !== undefined && seen.fingerprints[o] !== fp) problems.push(`${key}@${o}: record changed after it was appended`);
        }
        for (let o = seen.logEnd; o < p.logEndOffset; o++) seen.fingerprints[o] = `${p.store.producerId(o)}|${p.store.key(o)}|${p.store.value(o)}`;
        seen.logStart = p.logStartOffset;
        seen.logEnd = p.logEndOffset;
        // No acknowledged record disappears: it stays below the log end (retention may delete it, which moves the log start).
        for (const [base, count] of this.#acked.get(key) ?? []) {
          if (base + count > p.logEndOffset) problems.push(`${key}: acknowledged records ${base}..${base + count - 1} are missing`);
        }
      }
    }
    for (const { key, to } of fetched) {
      const p = findPartitionByKey(world, key);
      if (p && to > p.highWatermark && !this.#uncleanEver.has(key))
        problems.push(`${key}: a consumer read up to ${to}, past the high watermark ${p.highWatermark}`);
    }
    for (const group of world.groups.values()) {
      for (const [key, committed] of group.offsets) {
        const p = findPartitionByKey(world, key);
        if (p && committed.offset > p.logEndOffset && !this.#uncleanEver.has(key))
          problems.push(`group ${group.id}: committed ${committed.offset} on ${key} is past the log end ${p.logEndOffset}`);
      }
      const owners = new Map<string, string>();
      for (const m of group.members.values()) {
        for (const tp of m.assignment) {
          const key = partitionKey(tp.topic, tp.partition);
          const other = owners.get(key);
          if (other) problems.push(`group ${group.id}: ${key} is assigned to both ${other} and ${m.memberId}`);
          owners.set(key, m.memberId);
        }
      }
    }
    for (const c of world.consumers.values()) {
      for (const [key, position] of c.positions) {
        const p = findPartitionByKey(world, key);
        if (p && (position < p.logStartOffset || position > p.logEndOffset) && !this.#uncleanEver.has(key)) {
          problems.push(`consumer ${c.name}: position ${position} on ${key} is outside the log [${p.logStartOffset}, ${p.logEndOffset}]`);
        }
      }
    }
    return problems;
  }
}
