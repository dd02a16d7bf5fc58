/**
 * Invariants, checked from outside the rules after every tick (TigerBeetle's state checker
 * habit): the checker remembers what it saw and reports any step that broke a promise Kafka makes.
 */
import type { WorldEvent } from './events.ts';
import type { World } from './types.ts';
import { findPartitionByKey, partitionKey } from './world.ts';

interface SeenPartition {
  store: unknown;
  logStart: number;
  logEnd: number;
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

  /** Notes sends, appends and acknowledgements among `events`, so their records can be checked forever after. */
  observe(events: readonly WorldEvent[]): void {
    for (const e of events) {
      if (e.kind === 'topic.deleted') this.#deletions.set(e.payload.topic, (this.#deletions.get(e.payload.topic) ?? 0) + 1);
      else if (e.kind === 'records.sent' && e.payload.attempt === 1) this.#sent.add(e.payload.requestId);
      else if (e.kind === 'records.appended') {
        this.#appended.add(e.payload.requestId);
        this.#appendedIn.set(`${e.payload.requestId}@${e.payload.baseOffset}`, this.#deletions.get(e.payload.topic) ?? 0);
      } else if (e.kind === 'produce.acked') this.#noteAck(e);
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
    if (baseOffset < 0) return;
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
        if (seen && seen.store !== p.store) {
          // The topic was deleted and created again: a new log, and old acknowledgements went with the old one.
          seen = undefined;
          this.#acked.delete(key);
        }
        if (!seen) {
          seen = { store: p.store, logStart: p.logStartOffset, logEnd: p.logStartOffset, fingerprints: [] };
          this.#partitions.set(key, seen);
        }
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
    for (const group of world.groups.values()) {
      for (const [key, committed] of group.offsets) {
        const p = findPartitionByKey(world, key);
        if (p && committed.offset > p.logEndOffset)
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
        if (p && (position < p.logStartOffset || position > p.logEndOffset)) {
          problems.push(`consumer ${c.name}: position ${position} on ${key} is outside the log [${p.logStartOffset}, ${p.logEndOffset}]`);
        }
      }
    }
    return problems;
  }
}
