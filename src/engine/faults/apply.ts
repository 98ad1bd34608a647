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
>;

export type Applied =
  /** carried out; `end` undoes it when its `until` comes (or the script stops) */
  | { readonly ok: true; readonly end?: () => void }
  | { readonly ok: false; readonly reason: string };

/** Carries out one action now. A command the Simulation refuses is a refusal, not a throw. */
export function applyFault(sim: FaultSubject, fault: FaultAction): Applied {
  try {
    return apply(sim, fault);
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

function apply(sim: FaultSubject, fault: FaultAction): Applied {
  switch (fault.action) {
    case 'kill-worker':
      return killWorker(sim, fault.consumer, fault.worker);
    case 'fail-listener': {
      const was = sim.getSnapshot().listeners[fault.listener]?.failing ?? false;
      sim.setFailing(fault.listener, true);
      return { ok: true, end: () => sim.setFailing(fault.listener, was) };
    }
    case 'set-handler':
      return swapHandler(sim, fault.consumer, fault.handler);
    case 'fail-consumer':
      return swapHandler(sim, fault.consumer, {
        kind: 'flaky',
        failureRate: fault.failureRate ?? 1,
      });
    case 'partition':
      sim.partitionConsumer(fault.consumer, fault.noticeMs);
      return { ok: true, end: () => sim.healConsumer(fault.consumer) };
    case 'fail-saga-step':
      return failSagaStep(sim, fault);
    case 'burst':
      sim.burst(fault.producer, fault.count);
      return { ok: true };
    case 'set-rate':
      sim.setRate(fault.producer, fault.rate);
      return { ok: true };
  }
}

function killWorker(sim: FaultSubject, consumer: string, worker: number | undefined): Applied {
  const state = sim.getSnapshot().consumers[consumer];
  const live = (state?.workers ?? []).filter((w) => w.state !== 'failed' && w.state !== 'stopped');
  if (live.length === 0) return { ok: false, reason: `consumer "${consumer}" has no live worker` };
  const id =
    worker === undefined
      ? // the busiest (it holds most), the oldest among equals: its messages come back
        live.reduce((a, b) => (b.held > a.held ? b : a)).id
      : `${consumer}:w${worker}`;
  if (sim.killWorker(consumer, id)) return { ok: true };
  const names = live.map((w) => w.id.slice(consumer.length + 1)).join(', ');
  return {
    ok: false,
    reason: `consumer "${consumer}" has no live worker w${worker} (live: ${names})`,
  };
}

function swapHandler(sim: FaultSubject, consumer: string, handler: HandlerSpec): Applied {
  const before = sim.getSnapshot().consumers[consumer]?.handler;
  if (before === undefined) return { ok: false, reason: `no consumer "${consumer}" is running` };
  sim.setHandlerSpec(consumer, handler);
  return {
    ok: true,
    // someone changed it since: theirs stays
    end: () => {
      if (sim.getSnapshot().consumers[consumer]?.handler === handler) {
        sim.setHandlerSpec(consumer, before);
      }
    },
  };
}

function failSagaStep(
  sim: FaultSubject,
  fault: Extract<FaultAction, { action: 'fail-saga-step' }>,
): Applied {
  const { saga } = sim;
  if (saga === undefined) return { ok: false, reason: 'the saga is not open in this run' };
  const { service, command } = fault;
  const before = sim.getSnapshot().saga?.faults[service]?.[command];
  // throws for a service the saga does not have: refused with its reason
  saga.setFault(service, command, sagaFault(fault.fault, sim.scenario.settings.seed));
  return { ok: true, end: () => saga.setFault(service, command, before) };
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
