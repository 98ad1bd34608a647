import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceOf } from '../trace';
import { runWithWorkers } from './testing';
import { keyOf } from './topicRuntime';
import { kafkaScenario } from './topicTesting';

const of = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is TraceOf<T> => e.type === type);

describe('topics and consumer groups in a run', () => {
  it('appends by key to partitions; each group reads at its own rate and commits', async () => {
    const { sim, events, flow } = runWithWorkers(kafkaScenario());
    sim.setRate('app', 8);
    await flow(10_000);
    const produced = of(events, 'log.produced');
    expect(produced.length).toBeGreaterThan(70);
    // one key, one partition: the key picks it, every time
    const partitionOf = new Map<string, number>();
    for (const p of produced) {
      const known = partitionOf.get(p.key ?? '');
      if (known !== undefined) expect(p.partition).toBe(known);
      partitionOf.set(p.key ?? '', p.partition);
    }
    expect(new Set(produced.map((p) => p.partition)).size).toBeGreaterThan(1);
    // the producer's message travels to the topic before it is appended
    expect(of(events, 'message.sent').some((e) => e.from === 'app' && e.to === 'orders')).toBe(
      true,
    );

    const { groups, topics } = sim.getSnapshot();
    const fast = groups.fast;
    const slow = groups.slow;
    if (!fast || !slow) throw new Error('both groups run');
    // 10 a second keeps up with 8; 2 a second falls behind
    expect(fast.handled).toBeGreaterThan(60);
    expect(slow.handled).toBeGreaterThanOrEqual(15);
    expect(slow.handled).toBeLessThanOrEqual(21);
    expect(slow.lag).toBeGreaterThan(fast.lag + 40);
    expect(topics.orders?.appended).toBe(produced.length);
    // a group's cursors are its members' positions, and it committed what it read
    const commits = of(events, 'log.committed').filter((e) => e.group === 'fast');
    expect(commits.length).toBeGreaterThan(30);
    const partitions = topics.orders?.partitions ?? [];
    const total = partitions.reduce((n, p) => n + p.end, 0);
    expect(total - fast.positions.reduce((n, p) => n + p, 0)).toBe(fast.lag);
    expect(of(events, 'log.polled').every((e) => e.log === 'playground')).toBe(true);
    // each read handled says how long its records took from their producer's send: a hop to
    // the topic at least (200 ms in this sketch), and longer for the group that lags
    const handled = of(events, 'group.handled');
    const ages = (group: string) =>
      handled.filter((e) => e.group === group).flatMap((e) => e.latencyMs);
    expect(ages('fast').length).toBe(fast.handled);
    expect(Math.min(...ages('fast'), ...ages('slow'))).toBeGreaterThanOrEqual(200);
    expect(Math.max(...ages('slow'))).toBeGreaterThan(Math.max(...ages('fast')));
    sim.dispose();
  });

  it('shares the partitions among members and rebalances when one dies or joins', async () => {
    const { sim, events, flow } = runWithWorkers(kafkaScenario({ fast: { members: 3 } }));
    sim.setRate('app', 5);
    await flow(2_000);
    const members = () => sim.getSnapshot().groups.fast?.members ?? [];
    expect(members().map((m) => m.partitions)).toEqual([[0], [1], [2]]);
    sim.killGroupMember('fast', 'fast-1');
    await flow(1_000);
    expect(members().map((m) => m.id)).toEqual(['fast-2', 'fast-3']);
    expect(
      members()
        .flatMap((m) => m.partitions)
        .sort(),
    ).toEqual([0, 1, 2]);
    const added = sim.addGroupMember('fast');
    await flow(1_000);
    expect(added).toBe('fast-4');
    expect(members()).toHaveLength(3);
    const generations = of(events, 'log.rebalanced').filter((e) => e.group === 'fast');
    expect(generations.at(-1)?.generation).toBe(5);
    expect(() => sim.killGroupMember('fast', 'fast-9')).toThrow(/no member "fast-9"/);
    sim.dispose();
  });

  it('a group’s rate and members change live; its partitions or topic need a new run', async () => {
    const scenario = kafkaScenario();
    const { sim, events, flow } = runWithWorkers(scenario);
    sim.setRate('app', 8);
    await flow(3_000);
    const before = sim.getSnapshot().groups.slow?.handled ?? 0;
    const withGroup = (patch: Record<string, unknown>) => ({
      ...scenario,
      nodes: scenario.nodes.map((n) => (n.id === 'slow' ? { ...n, ...patch } : n)),
    });
    expect(sim.reconfigure(withGroup({ rate: 20, members: 3 }))).toBe(true);
    await flow(3_000);
    const slow = sim.getSnapshot().groups.slow;
    expect(slow?.rate).toBe(20);
    expect(slow?.members.map((m) => m.id)).toEqual(['slow-1', 'slow-2', 'slow-3']);
    // 2 a second before, up to 60 a second over three partitions now: it caught up
    expect((slow?.handled ?? 0) - before).toBeGreaterThan(30);
    expect(slow?.lag).toBeLessThan(5);
    const changes = events.flatMap((e) => (e.type === 'scenario.reconfigured' ? [e.change] : []));
    expect(changes).toEqual([
      { kind: 'group-members', node: 'slow', value: 3 },
      { kind: 'group-rate', node: 'slow', value: 20 },
    ]);
    // fewer members: the newest leave
    expect(sim.reconfigure(withGroup({ rate: 20, members: 1 }))).toBe(true);
    await flow(500);
    expect(sim.getSnapshot().groups.slow?.members.map((m) => m.id)).toEqual(['slow-1']);
    expect(sim.reconfigure(withGroup({ offsetReset: 'latest' }))).toBe(false);
    sim.dispose();
  });

  it('a member killed while it reads did not commit: the partition’s new owner reads it again', async () => {
    const { sim, events, flow } = runWithWorkers(
      kafkaScenario({ partitions: 1, fast: { members: 2, rate: 5 } }),
    );
    sim.setRate('app', 10);
    await flow(2_000);
    const [holder] =
      sim.getSnapshot().groups.fast?.members.filter((m) => m.partitions.length) ?? [];
    if (!holder) throw new Error('one member holds the partition');
    // the next timer is the holder's poll: it starts reading, and dies before its commit
    sim.clock.advanceTo(sim.clock.nextDue() ?? 0);
    sim.killGroupMember('fast', holder.id);
    await flow(1_000);
    const polls = of(events, 'log.polled').filter((e) => e.group === 'fast');
    const last = polls.filter((e) => e.consumer === holder.id).at(-1);
    const again = polls.find((e) => e.consumer !== holder.id && e.fromOffset === last?.fromOffset);
    expect(last).toBeDefined();
    // its last read never reached a commit: the group's offset stayed at that read's start
    const commits = of(events, 'log.committed').filter(
      (e) => e.consumer === holder.id && e.offset > (last?.fromOffset ?? 0),
    );
    expect(commits).toEqual([]);
    expect(again).toBeDefined();
    sim.dispose();
  });

  it('keeps only the newest records with retention by count; latest starts at the end', async () => {
    const { sim, flow } = runWithWorkers(
      kafkaScenario({
        partitions: 1,
        topic: { retentionRecords: 5 },
        slow: { offsetReset: 'latest', rate: 0 },
      }),
    );
    sim.setRate('app', 10);
    await flow(3_000);
    const partition = sim.getSnapshot().topics.orders?.partitions[0];
    expect(partition?.end).toBeGreaterThan(20);
    expect(partition && partition.end - partition.start).toBeLessThanOrEqual(5);
    sim.dispose();
  });

  it('takes the key from the payload field, or none', () => {
    expect(keyOf({ user: 'ann' }, 'user')).toBe('ann');
    expect(keyOf({ customer: { id: 7 } }, 'customer.id')).toBe('7');
    expect(keyOf({ user: { a: 1 } }, 'user')).toBeUndefined();
    expect(keyOf({}, 'constructor')).toBeUndefined();
    expect(keyOf({ user: 'ann' }, undefined)).toBeUndefined();
  });
});
