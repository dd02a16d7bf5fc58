/**
 * Who is drawn in a group box. A consumer application's current incarnation always has a box,
 * whatever its status (a crashed one is drawn down); a member the group still holds for an
 * incarnation that is gone (a crashed consumer restarted before its old session timed out) gets
 * a box of its own, since the group still counts it and it still owns partitions.
 */
import type { Scene, SceneGroup } from '../protocol.ts';
import type { Box, MemberLayout } from './stage-layout.ts';

/** True when a group has something to show on a topic: a committed offset, an assignment, a position. */
export function readsTopic(scene: Scene, group: SceneGroup, topic: string): boolean {
  if (group.committed.some((c) => c.topic === topic)) return true;
  if (group.members.some((m) => m.assignment.some((tp) => tp.topic === topic))) return true;
  return scene.consumers.some((c) => c.group === group.id && (c.positions.some((p) => p.topic === topic) || c.assignment.some((tp) => tp.topic === topic)));
}

/** The scene's groups, plus an empty one for any consumer whose group the scene does not list yet. */
export function allGroups(scene: Scene): SceneGroup[] {
  const groups = [...scene.groups];
  for (const c of scene.consumers) {
    if (groups.some((g) => g.id === c.group)) continue;
    groups.push({
      id: c.group,
      state: 'Empty',
      generation: 0,
      // The slot the group takes when the coordinator creates it: after every group there is.
      colour: groups.length,
      members: [],
      committed: [],
      ledger: { processed: 0, distinct: 0, duplicated: 0, skipped: 0, duplicatedRecords: [], skippedRecords: [] },
    });
  }
  return groups;
}

export type MemberEntry = Omit<MemberLayout, keyof Box | 'port'>;

/** The member boxes of a group: its consumers' current incarnations, then leftover members, by consumer name. */
export function groupMembers(scene: Scene, group: SceneGroup): MemberEntry[] {
  const entries: MemberEntry[] = [];
  const consumers = scene.consumers.filter((c) => c.group === group.id);
  for (const c of consumers) {
    const member = c.memberId === null ? undefined : group.members.find((m) => m.memberId === c.memberId);
    entries.push({
      // By member id: when a crashed consumer restarts, its old member's box stays where it was
      // (down) and the new incarnation's box appears beside it.
      key: c.memberId === null ? `consumer:${c.name}` : `member:${c.memberId}`,
      group: group.id,
      consumerName: c.name,
      consumer: c,
      memberId: c.memberId,
      status: c.status,
      stale: false,
      assignment: member ? member.assignment : c.assignment,
    });
  }
  for (const m of group.members) {
    if (consumers.some((c) => c.memberId === m.memberId)) continue;
    entries.push({
      key: `member:${m.memberId}`,
      group: group.id,
      consumerName: m.consumer,
      consumer: null,
      memberId: m.memberId,
      status: 'crashed',
      stale: true,
      assignment: m.assignment,
    });
  }
  // By consumer name; a leftover member before the incarnation that replaced it.
  return entries.sort((a, b) => (a.consumerName === b.consumerName ? Number(b.stale) - Number(a.stale) : a.consumerName < b.consumerName ? -1 : 1));
}
