export { type FaultSubject, type Prepared, prepareFault } from './apply';
export { checkFaultScript } from './check';
export { type FaultScriptResult, parseFaultScript } from './parse';
export { describeProblem, type FaultProblem } from './problems';
export {
  type FaultLineState,
  type FaultRun,
  type StartOptions,
  type StartResult,
  startFaultScript,
} from './runner';
export {
  type FaultAction,
  type FaultKind,
  type FaultScript,
  faultActionSchema,
  faultScriptSchema,
  faultTarget,
  MAX_BURST,
  MAX_FAULT_TIME_MS,
  MAX_FAULTS,
} from './schema';
export type { FaultEndReason, FaultTraceEvent } from './traceEvents';
