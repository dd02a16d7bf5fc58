/**
 * Partition assignors of Kafka's classic protocol. Each takes the members (sorted by member
 * id, as Kafka sorts them) with their subscriptions, the partitions of every subscribed
 * topic, and the previous assignment (used by sticky), and returns each member's partitions.
 */
import type { AssignorName, TopicPartition } from './types.ts';
import { partitionKey } from './world.ts';

export interface AssignorMember {
  readonly memberId: string;
  readonly topics: readonly string[];
  readonly previous: readonly TopicPartition[];
}

export type Assignment = Map<string, TopicPartition[]>;

function emptyAssignment(members: readonly AssignorMember[]): Assignment {
  return new Map(members.map((m) => [m.memberId, []]));
}

function byId(members: readonly AssignorMember[]): AssignorMember[] {
  return [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
}

/** Kafka's RangeAssignor: per topic, consecutive ranges; the first `n % m` members get one extra. */
function assignRange(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Assignment {
  const out = emptyAssignment(members);
  for (const [topic, count] of partitionCounts) {
    const subscribers = members.filter((m) => m.topics.includes(topic));
    const per = Math.floor(count / Math.max(1, subscribers.length));
    const extra = count % Math.max(1, subscribers.length);
    subscribers.forEach((m, i) => {
      const start = per * i + Math.min(i, extra);
      const length = per + (i < extra ? 1 : 0);
      for (let p = start; p < start + length; p++) out.get(m.memberId)?.push({ topic, partition: p });
    });
  }
  return out;
}

/** Kafka's RoundRobinAssignor: all partitions in (topic, partition) order dealt to subscribers in turn. */
function assignRoundRobin(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Assignment {
  const out = emptyAssignment(members);
  let next = 0;
  for (const [topic, count] of partitionCounts) {
    for (let p = 0; p < count; p++) {
      // Skip members not subscribed to this topic, as Kafka's circular iterator does.
      for (let tries = 0; tries < members.length; tries++) {
        const m = members[next % members.length];
        next++;
        if (m && m.topics.includes(topic)) {
          out.get(m.memberId)?.push({ topic, partition: p });
          break;
        }
      }
    }
  }
  return out;
}

/**
 * Kafka's StickyAssignor, in its essentials: as balanced as possible, and otherwise keeping
 * every partition where it was. Each member keeps up to its fair share of its previous
 * partitions; the rest go, in order, to the least loaded subscriber.
 *
 * The fair share is AbstractStickyAssignor's: with P partitions and M members every member
 * may keep floor(P/M), and only P % M of them one more (members taken in id order; Kafka's
 * in its map's order). Letting every member keep ceil(P/M) could leave the rest short: 7
 * partitions held 3, 3, 1 stayed 3, 3, 1.
 */
function assignSticky(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Assignment {
  const out = emptyAssignment(members);
  const all: TopicPartition[] = [];
  for (const [topic, count] of partitionCounts) for (let p = 0; p < count; p++) all.push({ topic, partition: p });
  const minQuota = Math.floor(all.length / Math.max(1, members.length));
  let overMinQuota = all.length % Math.max(1, members.length);
  const taken = new Set<string>();
  const valid = new Set(all.map((tp) => partitionKey(tp.topic, tp.partition)));
  for (const m of members) {
    const mine = out.get(m.memberId) ?? [];
    const quota = overMinQuota > 0 ? minQuota + 1 : minQuota;
    for (const tp of m.previous) {
      const k = partitionKey(tp.topic, tp.partition);
      if (mine.length < quota && valid.has(k) && !taken.has(k) && m.topics.includes(tp.topic)) {
        mine.push(tp);
        taken.add(k);
      }
    }
    if (mine.length > minQuota) overMinQuota--;
  }
  for (const tp of all) {
    if (taken.has(partitionKey(tp.topic, tp.partition))) continue;
    let best: AssignorMember | undefined;
    for (const m of members) {
      if (!m.topics.includes(tp.topic)) continue;
      if (!best || (out.get(m.memberId)?.length ?? 0) < (out.get(best.memberId)?.length ?? 0)) best = m;
    }
    if (best) out.get(best.memberId)?.push(tp);
  }
  for (const list of out.values()) list.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return out;
}

/** Assigns the partitions of `partitionCounts` (topic → count, in topic order) to `members`. */
export function assignPartitions(assignor: AssignorName, members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Assignment {
  const sorted = byId(members);
  const topics = new Map([...partitionCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  switch (assignor) {
    case 'range':
      return assignRange(sorted, topics);
    case 'roundrobin':
      return assignRoundRobin(sorted, topics);
    case 'sticky':
      return assignSticky(sorted, topics);
  }
}
