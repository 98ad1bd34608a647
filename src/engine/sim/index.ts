export type { PlaybackState } from './Playback';
export { Playback, SPEEDS } from './Playback';
export type { BusState, ListenerState, SimSnapshot, SimulationOptions } from './Simulation';
export { Simulation } from './Simulation';
