/** The AMQP reply codes a refused command maps to, as words. */
export type BrokerErrorCode =
  /** no such exchange, queue or consumer (AMQP 404) */
  | 'not-found'
  /** redeclared with other options, or an invalid argument (AMQP 406) */
  | 'precondition-failed'
  /** the default exchange cannot be declared, deleted or bound (AMQP 403) */
  | 'access-refused'
  /** a consumer tag already in use (AMQP 530) */
  | 'not-allowed';

/** A command the broker refused. Nothing changed. */
export class BrokerError extends Error {
  override readonly name = 'BrokerError';

  constructor(
    readonly code: BrokerErrorCode,
    message: string,
  ) {
    super(message);
  }
}
