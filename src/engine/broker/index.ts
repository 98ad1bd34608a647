export type { BrokerOptions, ConsumerInfo } from './Broker';
export { Broker } from './Broker';
export type { BrokerErrorCode } from './errors';
export { BrokerError } from './errors';
export type { BrokerTraceEvent } from './traceEvents';
export type * from './types';
