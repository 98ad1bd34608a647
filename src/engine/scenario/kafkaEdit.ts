import type { GroupNode, Scenario, ScenarioNode, TopicNode } from './schema';

/**
 * The playground's edits that are particular to topics and consumer groups (edit.ts calls
 * these and checks the result against the schema, as every edit).
 */

/** What a new topic or group starts as; a group needs a topic to read. */
export function kafkaDefaults(
  kind: 'topic' | 'group',
  s: Scenario,
): Record<string, unknown> | string {
  if (kind === 'topic') return { partitions: 3 };
  const topic = s.nodes.find((n) => n.kind === 'topic');
  if (!topic) return 'A consumer group reads a topic: add a topic first';
  return {
    topic: topic.id,
    members: 1,
    rate: 5,
    offsetReset: 'earliest',
    delivery: 'at-least-once',
  };
}

/** A group cannot stand without its topic: a removed topic takes its groups along. */
export function orphanGroups(s: Scenario, gone: Set<string>): void {
  for (const n of s.nodes) if (n.kind === 'group' && gone.has(n.topic)) gone.add(n.id);
}

/** topic -> group: the group reads this topic now (moving it from the one it read). */
export function readFrom(s: Scenario, topic: TopicNode, group: GroupNode): Scenario {
  if (group.topic === topic.id) return s;
  return {
    ...s,
    nodes: s.nodes.map(
      (n): ScenarioNode => (n.id === group.id ? { ...group, topic: topic.id } : n),
    ),
  };
}
