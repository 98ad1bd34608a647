export {
  type BrokerTransport,
  type BrokerTransportOptions,
  brokerTransport,
  sagaMessageLabel,
} from './brokerTransport';
export { busChannel, type SagaChannel, type SagaEvent } from './channel';
export { Choreography, type ChoreographyOptions, publishedAs } from './choreography';
export {
  backoffMs,
  defineSaga,
  type RetryPolicy,
  type SagaDefinition,
  SagaDefinitionError,
  type SagaDefinitionInput,
  type SagaStep,
  sagaDefinitionSchema,
} from './definition';
export { SagaStartError } from './errors';
export type { Fault } from './faults';
export * from './machine';
export { Orchestrator, type OrchestratorOptions } from './orchestrator';
export { PendingWork } from './pendingWork';
export { SAGA_LOG_TOPIC, SagaLog, type SagaLogEntry } from './sagaLog';
export { serveCommands } from './serve';
export { type HandleResult, SagaService, type ServiceLogEntry, serviceTopic } from './service';
export {
  decideCommand,
  type ServiceDecision,
  type ServiceView,
  type StoredOutcome,
} from './serviceDecision';
export { type Outcome, opaqueModel, type ServiceModel } from './serviceModel';
export { deliveredValue, type ShopStores, shopProblems } from './shop/invariants';
export { type InventoryState, inventoryModel } from './shop/inventory';
export { type ShopModelSpec, shopModel, shopModelSpecs } from './shop/models';
export { type Order, orderSchema } from './shop/order';
export { type OrderSagaOptions, orderSagaDefinition } from './shop/orderSaga';
export { type PaymentState, paymentModel, paymentTotals } from './shop/payment';
export { type ShippingState, shippingModel } from './shop/shipping';
export type { SagaFact, SagaFactType, SagaTraceEvent } from './traceEvents';
export {
  commandQueue,
  MemoryTransport,
  REPLY_QUEUE,
  type SagaMessage,
  type SagaTransport,
} from './transport';
export type * from './types';
export {
  type ServedInWorkers,
  serveCommandsInWorkers,
  serveServicesInWorkers,
  type WorkerServeOptions,
} from './workerServe';
