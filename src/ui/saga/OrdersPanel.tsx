import { useState } from 'react';
import type { SagaRuntime } from '../../engine/sim';
import { useSagaT } from './strings';

const clampInt = (text: string, min: number, max: number, fallback: number) => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

/** Where the person orders: one order of their choosing, or three made up at once. */
export function OrdersPanel({ saga }: { saga: SagaRuntime }) {
  const { text: s } = useSagaT();
  const skus = Object.keys(saga.initialStock);
  const [sku, setSku] = useState(skus[0] ?? 'apple');
  const [qty, setQty] = useState('2');
  const [amount, setAmount] = useState('300');
  return (
    <section className="panel saga-orders" aria-label={s('newOrder')}>
      <h2>{s('newOrder')}</h2>
      <form
        className="saga-order-form"
        onSubmit={(e) => {
          e.preventDefault();
          saga.startOrder({
            sku,
            qty: clampInt(qty, 1, 1000, 1),
            amount: clampInt(amount, 0, 1_000_000, 0),
          });
        }}
      >
        <label>
          {s('item')}
          <select value={sku} onChange={(e) => setSku(e.target.value)}>
            {skus.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s('qty')}
          <input
            type="number"
            min={1}
            max={1000}
            value={qty}
            onChange={(e) => setQty(e.target.value)}
          />
        </label>
        <label>
          {s('amount')}
          <input
            type="number"
            min={0}
            max={1_000_000}
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </label>
        <button type="submit" className="btn primary">
          {s('startOrder')}
        </button>
      </form>
      <button
        type="button"
        className="btn"
        onClick={() => {
          for (let i = 0; i < 3; i++) saga.startOrder();
        }}
      >
        {s('startThree')}
      </button>
    </section>
  );
}
