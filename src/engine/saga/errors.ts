/** A start refused: the order has a saga already (one instance per order). */
export class SagaStartError extends Error {
  override name = 'SagaStartError';
}
