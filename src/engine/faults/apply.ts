import type { HandlerSpec } from '../../workers/types';
import { errorMessage } from '../errors';
import type { Fault } from '../saga/faults';
import type { Simulation } from '../sim';
import type { FaultAction } from './schema';

/** What of a Simulation a fault script drives: its commands, and its snapshot to aim them. */
export type FaultSubject = Pick<
  Simulation,
  | 'killWorker'
  | 'setFailing'
  | 'setHandlerSpec'
  | 'burst'
  | 'setRate'
  | 'partitionConsumer'
  | 'healConsumer'
  | 'getSnapshot'
  | 'saga'
  | 'scenario'
  | 'addGroupMember'
  | 'killGroupMember'
>;

/** What undoes an action at its `until` (or when the script stops). */
type Undo = (() => void) | undefined;

export type Prepared =
  /** it can be carried out now: `carryOut` does it, and returns how to undo it */
  | { readonly ok: true; readonly carryOut: () => Undo }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): Prepared => ({ ok: false, reason });
const ready = (carryOut: () => Undo): Prepared => ({ ok: true, carryOut });

/**
 * Checks, without changing anything, that an action can be carried out now (its worker is
 * alive, its consumer runs, the saga is open), so the runner can record `fault.applied`
 * before the events the action causes, or `fault.refused` with the reason instead.
 */
export function prepareFault(sim: FaultSubject, fault: FaultAction): Prepared {
  const snapshot = sim.getSnapshot();
  switch (fault.action) {
    case 'kill-worker':
      return prepareKill(sim, fault.consumer, fault.worker);
    case 'fail-listener': {
      const was = snapshot.listeners[fault.listener]?.failing ?? false;
      return ready(() => {
        sim.setFailing(fault.listener, true);
        return () => sim.setFailing(fault.listener, was);
      });
    }
    case 'set-handler':
      return prepareSwap(sim, fault.consumer, fault.handler);
    case 'fail-consumer':
      return prepareSwap(sim, fault.consumer, {
        kind: 'flaky',
        failureRate: fault.failureRate ?? 1,
      });
    case 'partition':
      if (snapshot.consumers[fault.consumer]?.workers.length === 0) {
        return refuse(`consumer "${fault.consumer}" runs no workers`);
      }
      return ready(() => {
        sim.partitionConsumer(fault.consumer, fault.noticeMs);
        return () => sim.healConsumer(fault.consumer);
      });
    case 'fail-saga-step':
      return prepareSagaStep(sim, fault);
    case 'burst':
      return ready(() => {
        sim.burst(fault.producer, fault.count);
        return undefined;
      });
    case 'set-rate':
      return ready(() => {
        sim.setRate(fault.producer, fault.rate);
        return undefined;
      });
    case 'kill-member':
      return prepareKillMember(sim, fault.group, fault.member);
    case 'add-member':
      if (snapshot.groups[fault.group] === undefined) {
        return refuse(`no consumer group "${fault.group}" is running`);
      }
      return ready(() => {
        sim.addGroupMember(fault.group);
        return undefined;
      });
  }
}

/** Carries a prepared action out; a command the Simulation still refuses is a reason. */
export function carryOut(prepared: Extract<Prepared, { ok: true }>) {
  try {
    return { ok: true as const, undo: prepared.carryOut() };
  } catch (error) {
    return { ok: false as const, reason: errorMessage(error) };
  }
}

function prepareKill(sim: FaultSubject, consumer: string, worker: number | undefined): Prepared {
  const state = sim.getSnapshot().consumers[consumer];
  const live = (state?.workers ?? []).filter((w) => w.state !== 'failed' && w.state !== 'stopped');
  if (live.length === 0) return refuse(`consumer "${consumer}" has no live worker`);
  // without a number, the busiest (it holds most), the oldest among equals: its messages come back
  const target =
    worker === undefined
      ? live.reduce((a, b) => (b.held > a.held ? b : a))
      : live.find((w) => w.id === `${consumer}:w${worker}`);
  if (target === undefined) {
    const names = live.map((w) => w.id.slice(consumer.length + 1)).join(', ');
    return refuse(`consumer "${consumer}" has no live worker w${worker} (live: ${names})`);
  }
  return ready(() => {
    sim.killWorker(consumer, target.id);
    return undefined;
  });
}

function prepareKillMember(sim: FaultSubject, group: string, member: number | undefined): Prepared {
  const state = sim.getSnapshot().groups[group];
  const live = state?.members ?? [];
  if (live.length === 0) return refuse(`consumer group "${group}" has no live member`);
  const target = member === undefined ? live[0] : live.find((m) => m.id === `${group}-${member}`);
  if (target === undefined) {
    const names = live.map((m) => m.id).join(', ');
    return refuse(
      `consumer group "${group}" has no live member ${group}-${member} (live: ${names})`,
    );
  }
  return ready(() => {
    sim.killGroupMember(group, target.id);
    return undefined;
  });
}

function prepareSwap(sim: FaultSubject, consumer: string, handler: HandlerSpec): Prepared {
  const before = sim.getSnapshot().consumers[consumer]?.handler;
  if (before === undefined) return refuse(`no consumer "${consumer}" is running`);
  return ready(() => {
    sim.setHandlerSpec(consumer, handler);
    // someone changed it since: theirs stays
    return () => {
      if (sim.getSnapshot().consumers[consumer]?.handler === handler) {
        sim.setHandlerSpec(consumer, before);
      }
    };
  });
}

function prepareSagaStep(
  sim: FaultSubject,
  fault: Extract<FaultAction, { action: 'fail-saga-step' }>,
): Prepared {
  const { saga } = sim;
  const faults = sim.getSnapshot().saga?.faults;
  if (saga === undefined || faults === undefined) {
    return refuse('the saga is not open in this run');
  }
  const { service, command } = fault;
  // the saga's snapshot lists every service, with the faults set on it
  const set = faults[service];
  if (set === undefined) {
    return refuse(
      `no service "${service}" in the saga (services: ${Object.keys(faults).join(', ')})`,
    );
  }
  const before = set[command];
  return ready(() => {
    saga.setFault(service, command, sagaFault(fault.fault, sim.scenario.settings.seed));
    return () => saga.setFault(service, command, before);
  });
}

/** The script's fault as the saga takes it; a flaky one draws from the scenario's seed. */
function sagaFault(
  spec: Extract<FaultAction, { action: 'fail-saga-step' }>['fault'],
  seed: number,
): Fault {
  const reason =
    spec !== undefined && 'reason' in spec && spec.reason !== undefined
      ? { reason: spec.reason }
      : {};
  switch (spec?.mode) {
    case undefined:
    case 'fail':
      return { mode: 'fail', ...reason };
    case 'fail-times':
      return { mode: 'fail-times', times: spec.times, ...reason };
    case 'timeout':
      return { mode: 'timeout', delayMs: spec.delayMs };
    case 'flaky':
      return {
        mode: 'flaky',
        seed,
        failRate: spec.failRate,
        ...(spec.timeoutRate === undefined ? {} : { timeoutRate: spec.timeoutRate }),
        ...(spec.delayMs === undefined ? {} : { delayMs: spec.delayMs }),
      };
  }
}
