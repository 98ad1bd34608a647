import { LogStoreError, toStoreError } from './errors';

export type LockMode = 'wait' | 'fail';

/**
 * One writer per log: two stores appending to one database (two tabs, or a component
 * mounted twice) would both assign the next offset. A Web Lock held while the store is
 * open keeps the second one out: it waits for the first to close ('wait', the default, which
 * a reload or a remount wants) or is refused at once ('fail'). Where there are no Web Locks
 * (Node, the unit tests) there is one process and nothing to lock.
 */
export function acquireWriterLock(
  lockName: string,
  mode: LockMode,
  signal?: AbortSignal,
): Promise<() => void> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return Promise.resolve(() => undefined);
  const busy = () =>
    new LogStoreError('locked', `The log ${lockName} is open elsewhere (another tab?)`);
  return new Promise((resolve, reject) => {
    const options: LockOptions = mode === 'fail' ? { ifAvailable: true } : signal ? { signal } : {};
    locks
      .request(lockName, options, (lock) => {
        if (lock === null) {
          reject(busy());
          return undefined;
        }
        // the lock is held until the store calls release()
        return new Promise<void>((release) => resolve(release));
      })
      .catch((error: unknown) => {
        // the caller's signal gave up waiting: the request rejects with the signal's reason,
        // whatever it is (AbortError, AbortSignal.timeout()'s TimeoutError, abort(reason)'s own)
        reject(signal?.aborted ? busy() : toStoreError(error));
      });
  });
}
