/** Why the log refused a call. */
export type LogErrorCode =
  | 'unknown-topic'
  /** createTopic with other settings than the topic already has */
  | 'topic-exists'
  | 'invalid-argument'
  /** a consumer asked about a partition its group did not give it */
  | 'not-assigned'
  /** the offset reset policy is 'error' and the position was deleted by retention */
  | 'offset-out-of-range'
  | 'closed';

export class LogError extends Error {
  override readonly name = 'LogError';

  constructor(
    readonly code: LogErrorCode,
    message: string,
  ) {
    super(message);
  }
}
