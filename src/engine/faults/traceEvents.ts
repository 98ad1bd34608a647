import type { FaultAction } from './schema';

/** Why a fault that lasts (`until`) stopped: its time came, or the script was stopped. */
export type FaultEndReason = 'until' | 'stopped';

/**
 * Trace events of fault scripts and of the network faults they cause. Part of the engine's
 * one TraceEvent union (src/engine/trace.ts). `line` is the action's index in its script, so
 * the playground can mark the line on its timeline.
 */
export type FaultTraceEvent =
  | { type: 'fault.applied'; line: number; fault: FaultAction }
  | { type: 'fault.ended'; line: number; fault: FaultAction; reason: FaultEndReason }
  /** the action could not be carried out when its time came (the worker was already gone) */
  | { type: 'fault.refused'; line: number; fault: FaultAction; reason: string }
  /** a consumer's link to the broker is cut: nothing crosses it either way */
  | { type: 'fault.partition-started'; consumer: string; noticeMs: number }
  /** the broker gave the cut-off consumer up: `released` deliveries went back to the queue */
  | { type: 'fault.partition-noticed'; consumer: string; released: number }
  /** the link is back; `noticed`: the broker had given the consumer up, so it subscribed again */
  | { type: 'fault.partition-healed'; consumer: string; noticed: boolean };
