import { describe, expect, it } from 'vitest';
import { backlogRows, type OffsetsByTopic } from './kafka-consumer-backlog.ts';

const offsets = (entries: Record<string, number[]>): OffsetsByTopic =>
  new Map(Object.entries(entries).map(([topic, values]) => [topic, new Map(values.map((offset, partition) => [partition, offset]))]));

describe('consumer backlog', () => {
  it('is the end offset minus the committed one, per group, topic and partition', () => {
    const rows = backlogRows(
      [{ group: 'index', topics: ['files.events', 'bpm.events'] }],
      offsets({ 'files.events': [10, 4], 'bpm.events': [7] }),
      new Map([['index', offsets({ 'files.events': [10, 1], 'bpm.events': [7] })]]),
    );
    expect(rows).toEqual([
      { group: 'index', topic: 'files.events', partition: 0, committed: 10, end: 10, lag: 0 },
      { group: 'index', topic: 'files.events', partition: 1, committed: 1, end: 4, lag: 3 },
      { group: 'index', topic: 'bpm.events', partition: 0, committed: 7, end: 7, lag: 0 },
    ]);
  });

  it('counts a partition the group never committed on as wholly unread', () => {
    const rows = backlogRows([{ group: 'bpm', topics: ['bpm.commands'] }], offsets({ 'bpm.commands': [5, 0] }), new Map());
    expect(rows.map((r) => [r.partition, r.committed, r.lag])).toEqual([
      [0, -1, 5],
      [1, -1, 0],
    ]);
  });
});
