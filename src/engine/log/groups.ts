import type { Trace } from '../trace';
import { type Assignment, rangeAssign, roundRobinAssign } from './assignors';
import { LogError } from './errors';

/** A consumer as its group sees it: it is told which partitions are now its own. */
export interface GroupMember {
  readonly id: string;
  assign(partitions: readonly number[]): void;
}

interface Group {
  readonly group: string;
  readonly topic: string;
  readonly partitions: number;
  readonly assignor: 'range' | 'round-robin';
  readonly members: Map<string, GroupMember>;
  generation: number;
}

/**
 * Kafka's group coordinator, in one process: members of a group that read a topic share
 * its partitions, and every join or leave reassigns them (a new generation). A member keeps
 * its position in the partitions it still holds; a partition that moves is read by its new
 * owner from the group's committed offset, so what was not committed is read again.
 */
export class GroupCoordinator {
  readonly #groups = new Map<string, Group>();

  constructor(
    readonly log: string,
    readonly trace: Trace | undefined,
  ) {}

  join(
    group: string,
    topic: string,
    partitions: number,
    assignor: Group['assignor'],
    member: GroupMember,
  ): void {
    const key = `${group}\u0000${topic}`;
    let g = this.#groups.get(key);
    if (g === undefined) {
      g = { group, topic, partitions, assignor, members: new Map(), generation: 0 };
      this.#groups.set(key, g);
    }
    if (g.members.has(member.id)) {
      throw new LogError(
        'invalid-argument',
        `Consumer ${member.id} is already a member of group ${group} on ${topic}`,
      );
    }
    g.members.set(member.id, member);
    this.#rebalance(g);
  }

  leave(group: string, topic: string, memberId: string): void {
    const key = `${group}\u0000${topic}`;
    const g = this.#groups.get(key);
    if (g === undefined || !g.members.delete(memberId)) return;
    if (g.members.size === 0) this.#groups.delete(key);
    else this.#rebalance(g);
  }

  /** Member id -> partitions, for the UI's group view. */
  assignment(group: string, topic: string): Assignment {
    const g = this.#groups.get(`${group}\u0000${topic}`);
    return g ? this.#assign(g) : {};
  }

  #assign(g: Group): Assignment {
    const ids = [...g.members.keys()];
    return g.assignor === 'range'
      ? rangeAssign(ids, g.partitions)
      : roundRobinAssign(ids, g.partitions);
  }

  #rebalance(g: Group): void {
    g.generation++;
    const assignment = this.#assign(g);
    for (const [id, member] of g.members) member.assign(assignment[id] ?? []);
    if (this.trace?.active) {
      this.trace.record({
        type: 'log.rebalanced',
        log: this.log,
        group: g.group,
        topic: g.topic,
        generation: g.generation,
        assignment,
      });
    }
  }
}
