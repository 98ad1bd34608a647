import type { GroupNode, Scenario, TopicNode } from '../../../engine/scenario';
import { Field } from '../Field';
import { num, opt } from '../fieldText';

interface KafkaFieldsProps {
  readonly node: TopicNode | GroupNode;
  readonly scenario: Scenario;
  readonly update: (patch: Record<string, unknown>) => void;
  readonly errorOf: (field: string) => string | undefined;
}

/**
 * A topic's or a consumer group's settings in the side panel: each committed to the
 * document, a refused value said under its field (the schema's reason).
 */
export function kafkaFields({ node, scenario, update, errorOf }: KafkaFieldsProps) {
  if (node.kind === 'topic') {
    return [
      <Field
        key="partitions"
        type="number"
        label="Partitions"
        value={String(node.partitions)}
        error={errorOf('partitions')}
        onCommit={(t) => update({ partitions: num(t) })}
      />,
      <Field
        key="keyField"
        type="text"
        label="Key field of the payload (empty: round-robin)"
        value={opt(node.keyField)}
        error={errorOf('keyField')}
        onCommit={(t) => update({ keyField: t.trim() === '' ? undefined : t.trim() })}
      />,
      <Field
        key="retention"
        type="number"
        label="Records kept per partition (empty: all)"
        value={opt(node.retentionRecords)}
        error={errorOf('retentionRecords')}
        onCommit={(t) => update({ retentionRecords: num(t) })}
      />,
    ];
  }
  return [
    <Field
      key="topic"
      type="select"
      label="Reads topic"
      value={node.topic}
      options={scenario.nodes
        .filter((n) => n.kind === 'topic')
        .map((t) => ({ value: t.id, label: t.label }))}
      error={errorOf('topic')}
      onCommit={(topic) => update({ topic })}
    />,
    <Field
      key="members"
      type="number"
      label="Members"
      value={String(node.members)}
      error={errorOf('members')}
      onCommit={(t) => update({ members: num(t) })}
    />,
    <Field
      key="rate"
      type="number"
      label="Rate per member (records/s)"
      value={String(node.rate)}
      error={errorOf('rate')}
      onCommit={(t) => update({ rate: num(t) })}
    />,
    <Field
      key="offsetReset"
      type="select"
      label="Offset reset"
      value={node.offsetReset}
      options={[
        { value: 'earliest', label: 'earliest (from the first record kept)' },
        { value: 'latest', label: 'latest (only new records)' },
      ]}
      error={errorOf('offsetReset')}
      onCommit={(offsetReset) => update({ offsetReset })}
    />,
    <Field
      key="delivery"
      type="select"
      label="Commit"
      value={node.delivery}
      options={[
        { value: 'at-least-once', label: 'after handling (at least once)' },
        { value: 'at-most-once', label: 'before handling (at most once)' },
      ]}
      error={errorOf('delivery')}
      onCommit={(delivery) => update({ delivery })}
    />,
  ];
}
