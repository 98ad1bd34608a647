export type { EndpointState } from '../http/endpoints';
export type { Order } from './orderService';
export type { PlaybackState } from './Playback';
export { Playback, SPEEDS } from './Playback';
export type {
  BusState,
  IncomingWebhook,
  ListenerState,
  ProducerState,
  ServiceMethod,
  SimSnapshot,
  SimulationOptions,
  WebhookAnswer,
} from './Simulation';
export { Simulation } from './Simulation';
export type { SagaMode, SagaRuntime, SagaRuntimeOptions, SagaSnapshot } from './sagaRuntime';
export type { ListenerService, Notification, ServiceState } from './services';
