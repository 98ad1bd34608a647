import { useState } from 'react';
import type { SagaRuntime } from '../../engine/sim';
import { useSagaT } from './strings';

const clampInt = (text: string, min: number, max: number, fallback: number) => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

/** A labelled number input, its text kept as typed and clamped when the order starts. */
function NumberField(props: {
  label: string;
  min: number;
  max: number;
  value: string;
  onChange: (text: string) => void;
}) {
  const { label, min, max, value, onChange } = props;
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

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
        <NumberField label={s('qty')} min={1} max={1000} value={qty} onChange={setQty} />
        <NumberField
          label={s('amount')}
          min={0}
          max={1_000_000}
          value={amount}
          onChange={setAmount}
        />
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
