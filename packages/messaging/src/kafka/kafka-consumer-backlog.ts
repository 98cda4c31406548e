import type { Admin } from '@platformatic/kafka';
import type { ConsumerBacklog } from '../core/transport.ts';

/** A consumer group and the topics it reads. */
export interface GroupTopics {
  group: string;
  topics: string[];
}

/** Partition → offset, per topic. */
export type OffsetsByTopic = Map<string, Map<number, number>>;

/**
 * Lag of each group on each partition of its topics: end offset minus the committed one. A
 * partition the group never committed on reads from the start (the transport's fallback), so
 * its lag is the whole partition (end offset; the log start is 0 with our retention settings).
 */
export function backlogRows(groups: GroupTopics[], ends: OffsetsByTopic, committed: Map<string, OffsetsByTopic>): ConsumerBacklog[] {
  const rows: ConsumerBacklog[] = [];
  for (const { group, topics } of groups) {
    for (const topic of topics) {
      const partitions = ends.get(topic) ?? new Map<number, number>();
      for (const [partition, end] of [...partitions].sort(([a], [b]) => a - b)) {
        const done = committed.get(group)?.get(topic)?.get(partition) ?? -1;
        rows.push({ group, topic, partition, committed: done, end, lag: Math.max(0, end - Math.max(done, 0)) });
      }
    }
  }
  return rows;
}

/** Asks the cluster for the end offsets of the groups' topics and the groups' committed offsets. */
export async function readConsumerBacklog(admin: Admin, groups: GroupTopics[]): Promise<ConsumerBacklog[]> {
  if (groups.length === 0) return [];
  const topics = [...new Set(groups.flatMap((g) => g.topics))];
  const metadata = await admin.metadata({ topics, forceUpdate: true });
  const request = topics.map((name) => ({
    name,
    // -1: the latest offset (the one the next record will get).
    partitions: Array.from({ length: metadata.topics.get(name)?.partitionsCount ?? 0 }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })),
  }));
  const ends: OffsetsByTopic = new Map();
  for (const topic of await admin.listOffsets({ topics: request.filter((t) => t.partitions.length > 0) })) {
    ends.set(topic.name, new Map(topic.partitions.map((p) => [p.partitionIndex, Number(p.offset)])));
  }
  const committed = new Map<string, OffsetsByTopic>();
  for (const group of await admin.listConsumerGroupOffsets({ groups: [...new Set(groups.map((g) => g.group))] })) {
    const byTopic: OffsetsByTopic = new Map();
    for (const topic of group.topics) byTopic.set(topic.name, new Map(topic.partitions.map((p) => [p.partitionIndex, Number(p.committedOffset)])));
    committed.set(group.groupId, byTopic);
  }
  return backlogRows(groups, ends, committed);
}
