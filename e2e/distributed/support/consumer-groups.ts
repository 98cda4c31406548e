import { Admin } from '@platformatic/kafka';

/** One member of a consumer group: the partitions it was assigned (`topic/partition`). */
export interface GroupMemberView {
  memberId: string;
  partitions: string[];
}

/** A consumer group as the broker sees it: members, and the committed offset of each partition. */
export interface GroupView {
  group: string;
  members: GroupMemberView[];
  committed: Record<string, number>;
}

/** Asks the cluster who is in each group, what each member was assigned, and what each group committed. */
export async function describeGroups(brokers: string, groups: string[]): Promise<GroupView[]> {
  const admin = new Admin({ clientId: 'tramita-fault-tests', bootstrapBrokers: brokers.split(',') });
  try {
    const described = await admin.describeGroups({ groups });
    const offsets = await admin.listConsumerGroupOffsets({ groups });
    return groups.map((group) => {
      const members = [...(described.get(group)?.members.values() ?? [])].map((member) => ({
        memberId: member.id,
        partitions: [...(member.assignments?.values() ?? [])].flatMap((a) => a.partitions.map((p) => `${a.topic}/${p}`)).sort(),
      }));
      const committed: Record<string, number> = {};
      for (const topic of offsets.find((o) => o.groupId === group)?.topics ?? []) {
        for (const p of topic.partitions) committed[`${topic.name}/${p.partitionIndex}`] = Number(p.committedOffset);
      }
      return { group, members: members.sort((a, b) => a.memberId.localeCompare(b.memberId)), committed };
    });
  } finally {
    await admin.close();
  }
}
