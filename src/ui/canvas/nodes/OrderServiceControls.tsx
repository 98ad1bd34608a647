import type { ServiceMethod } from '../../../engine/sim';
import { useSession, useSessionState } from '../../lab/session';
import { useCommand } from '../../useCommand';

const METHODS: readonly { method: ServiceMethod; event: string }[] = [
  { method: 'create_order', event: 'order.created' },
  { method: 'pay_order', event: 'order.paid' },
];

/**
 * One empty list for a producer the run does not have yet (the playground draws a document
 * before its run restarts on it): a new [] each time would never equal the last and loop.
 */
const NO_ORDERS: readonly never[] = [];

/** OrderService's methods as buttons, and its recent orders with their status. */
export function OrderServiceControls({ producerId }: { producerId: string }) {
  const session = useSession();
  const orders = useSessionState((s) => s.snapshot.producers[producerId]?.orders ?? NO_ORDERS);
  const [error, run] = useCommand();
  const call = (method: ServiceMethod) => run(() => session.call(producerId, method));

  return (
    <>
      <div className="emit-buttons">
        {METHODS.map(({ method, event }) => (
          <button
            key={method}
            type="button"
            className="btn emit nodrag"
            onClick={() => call(method)}
          >
            <span className="mono">{method}()</span>
            <span className="emit-verb">→</span>
            <span className="mono muted">{event}</span>
          </button>
        ))}
      </div>
      {error !== undefined && (
        <p className="node-error" role="alert">
          {error}
        </p>
      )}
      {orders.length > 0 && (
        <ul className="order-list" aria-label="Orders">
          {orders.slice(0, 4).map((o) => (
            <li key={o.order_id}>
              <span className="mono">{o.order_id}</span>
              <span className="mono">
                {o.amount} {o.currency}
              </span>
              <span className={`chip chip-${o.status}`}>{o.status}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
