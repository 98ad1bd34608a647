export type {
  Delivery,
  EmitResult,
  EventBusOptions,
  Listener,
  ListenerFailure,
  SubscribeOptions,
  Subscription,
} from './EventBus';
export { EventBus } from './EventBus';
export type { EventLogStats, LogEntry } from './eventLog';
export {
  assertEventName,
  assertPattern,
  eventNameProblem,
  InvalidNameError,
  patternKind,
  patternMatches,
  patternProblem,
} from './names';
