export type { BrokerOptions } from './Broker';
export { Broker } from './Broker';
export type { BrokerErrorCode } from './errors';
export { BrokerError } from './errors';
export type { ConsumerInfo } from './inspect';
export type { BrokerTraceEvent } from './traceEvents';
export type * from './types';
