/**
 * Promises over plain IndexedDB requests and transactions: the hot paths use the browser's
 * objects directly (unwrap), not idb's wrappers, which make a promise of every request.
 */

/** Resolves with a request's result; rejects with its error. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Resolves when `tx` completes (durably, for a strict one); rejects when it fails or aborts. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => new DOMException('The transaction was aborted', 'AbortError');
    tx.oncomplete = () => resolve();
    // a failed request (QuotaExceededError, say) reaches the transaction first: keep its error
    tx.onerror = (event) =>
      reject((event.target as IDBRequest | null)?.error ?? tx.error ?? aborted());
    tx.onabort = () => reject(tx.error ?? aborted());
  });
}
