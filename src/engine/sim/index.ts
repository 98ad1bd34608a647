export type { Order } from './orderService';
export type { PlaybackState } from './Playback';
export { Playback, SPEEDS } from './Playback';
export type {
  BusState,
  ListenerState,
  ProducerState,
  ServiceMethod,
  SimSnapshot,
  SimulationOptions,
} from './Simulation';
export { Simulation } from './Simulation';
export type { ListenerService, Notification, ServiceState } from './services';
