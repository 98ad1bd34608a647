export { type Bump, countEvent, emptyCounters, type NodeCounters } from './counters';
export { LatencyTracker } from './latencyTracker';
export { LogHistogram } from './logHistogram';
export {
  type MetricSeries,
  MetricsCollector,
  type MetricsOptions,
  type MetricsSource,
} from './MetricsCollector';
export {
  compareSagas,
  SAGA_FIELDS,
  type SagaComparedRow,
  type SagaField,
  SagaMetrics,
  type SagaSummary,
} from './sagaMetrics';
export { SampleRing } from './sampleRing';
export { SlidingHistogram } from './slidingHistogram';
export {
  type ComparedField,
  type ComparedRow,
  compareRuns,
  type LatencyPercentiles,
  type RunSummary,
  SUMMARY_FIELDS,
} from './summary';
