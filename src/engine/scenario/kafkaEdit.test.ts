import { describe, expect, it } from 'vitest';
import { addNode, connect, emptyScenario, removeElements, updateNode } from './edit';
import { exportScenarioText, importScenarioText } from './files';
import { parseScenario } from './parse';
import type { Scenario } from './schema';
import { accepted } from './testing';

const at = { x: 0, y: 0 };

/** producer -> topic -> two groups, as a person builds it in the playground. */
function buildKafka(): Scenario {
  let s = emptyScenario();
  s = accepted(addNode(s, 'producer', at));
  s = accepted(addNode(s, 'topic', at));
  s = accepted(addNode(s, 'group', at));
  s = accepted(addNode(s, 'group', at));
  s = accepted(connect(s, 'producer1', 'topic1'));
  s = accepted(connect(s, 'topic1', 'group1'));
  return accepted(connect(s, 'topic1', 'group2'));
}

describe('topics and consumer groups in the scenario', () => {
  it('builds producer -> topic -> two groups, each group reading the topic', () => {
    const s = buildKafka();
    expect(s.edges).toEqual([{ id: 'edge1', source: 'producer1', target: 'topic1' }]);
    expect(s.nodes.find((n) => n.id === 'topic1')).toMatchObject({ kind: 'topic', partitions: 3 });
    expect(s.nodes.filter((n) => n.kind === 'group')).toMatchObject([
      { id: 'group1', topic: 'topic1', members: 1, rate: 5, offsetReset: 'earliest' },
      { id: 'group2', topic: 'topic1', delivery: 'at-least-once' },
    ]);
  });

  it('a group needs a topic, and a topic feeds only groups', () => {
    expect(addNode(emptyScenario(), 'group', at)).toMatchObject({
      ok: false,
      reason: 'A consumer group reads a topic: add a topic first',
    });
    let s = buildKafka();
    s = accepted(addNode(s, 'queue', at));
    expect(connect(s, 'topic1', 'queue1')).toMatchObject({
      ok: false,
      reason: 'A topic connects to group, not to a queue',
    });
    expect(connect(s, 'group1', 'topic1')).toMatchObject({
      ok: false,
      reason: 'A group is where messages end: it connects to nothing',
    });
    // a second topic: connecting it to a group moves the group there
    s = accepted(addNode(s, 'topic', at));
    s = accepted(connect(s, 'topic2', 'group2'));
    expect(s.nodes.find((n) => n.id === 'group2')).toMatchObject({ topic: 'topic2' });
  });

  it('refuses a bad setting and names the field', () => {
    const s = buildKafka();
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['topic1', { partitions: 0 }, 'partitions', /at least 1/],
      ['topic1', { partitions: 13 }, 'partitions', /at most 12/],
      ['topic1', { partitions: 2.5 }, 'partitions', /whole number/],
      ['topic1', { partitions: Number('3x') }, 'partitions', /^must be a number$/],
      ['group1', { rate: Number.NaN }, 'rate', /^must be a number$/],
      ['topic1', { retentionRecords: 0 }, 'retentionRecords', /at least 1/],
      ['topic1', { keyField: 'a b' }, 'keyField', /payload field/],
      ['group1', { members: 0 }, 'members', /at least 1/],
      ['group1', { members: 9 }, 'members', /at most 8/],
      ['group1', { rate: -1 }, 'rate', /0 or more/],
      ['group1', { rate: 501 }, 'rate', /at most 500/],
      ['group1', { offsetReset: 'middle' }, 'offsetReset', /earliest|latest/],
      ['group1', { delivery: 'exactly-once' }, 'delivery', /at-least-once/],
      ['group1', { topic: 'producer1' }, 'topic', /is a producer, not a topic/],
    ];
    for (const [id, patch, field, message] of cases) {
      const result = updateNode(s, id, patch);
      expect(result.ok, JSON.stringify(patch)).toBe(false);
      if (!result.ok) {
        expect(result.field).toBe(field);
        expect(result.reason).toMatch(message);
      }
    }
    expect(
      accepted(updateNode(s, 'topic1', { keyField: 'customer.id', retentionRecords: 100 }))
        .nodes[1],
    ).toMatchObject({ keyField: 'customer.id', retentionRecords: 100 });
  });

  it('removing a topic removes the groups that read it and the producer’s edge', () => {
    const s = accepted(removeElements(buildKafka(), ['topic1']));
    expect(s.nodes.map((n) => n.id)).toEqual(['producer1']);
    expect(s.edges).toEqual([]);
  });

  it('a file without topics still parses, and one with them round-trips through export', () => {
    const before = buildKafka();
    const text = exportScenarioText(before);
    if (!text.ok) throw new Error(text.error.message);
    const back = importScenarioText(text.value);
    if (!back.ok) throw new Error(back.error.message);
    expect(back.value.scenario).toEqual(before);
    // defaults fill in: a hand-written group with only its topic is complete
    const minimal = {
      ...before,
      nodes: [
        ...before.nodes.slice(0, 2),
        { id: 'g', kind: 'group', label: 'g', position: at, topic: 'topic1' },
      ],
    };
    const parsed = parseScenario(minimal);
    expect(parsed.ok && parsed.scenario.nodes[2]).toMatchObject({
      members: 1,
      rate: 5,
      offsetReset: 'earliest',
      delivery: 'at-least-once',
    });
  });
});
