import { KAFKA_TOPIC, type KafkaLabSnapshot, MAX_PRODUCER_RATE } from '../../engine/kafka/KafkaLab';
import { useCommand } from '../useCommand';
import type { KafkaSession } from './KafkaLabPage';
import { useLogT } from './strings';

export function ProducerPanel({
  session,
  snapshot,
}: {
  session: KafkaSession;
  snapshot: KafkaLabSnapshot;
}) {
  const { text: l } = useLogT();
  const [failed, run] = useCommand();
  const send = (n: number) => run(() => session.lab.produce(n));
  const { rate, sent } = snapshot.producer;
  return (
    <section className="panel producer-panel" aria-label={l('producer')}>
      <h2>
        {l('producer')} → <code>{KAFKA_TOPIC}</code>
      </h2>
      <div className="row">
        <button type="button" className="btn primary" onClick={() => send(1)}>
          {l('send1')}
        </button>
        <button type="button" className="btn" onClick={() => send(10)}>
          {l('send10')}
        </button>
      </div>
      <div className="slider">
        <span>
          {l('producerRate')}: <output>{rate}</output>
        </span>
        <input
          aria-label={l('producerRate')}
          type="range"
          min={0}
          max={MAX_PRODUCER_RATE}
          step={1}
          value={rate}
          onChange={(e) => session.lab.setRate(Number(e.target.value))}
        />
      </div>
      <p className="muted small">
        {sent} {l('sent')}
      </p>
      {(failed ?? snapshot.error) !== undefined && (
        <p className="log-error" role="alert">
          {failed ?? snapshot.error}
        </p>
      )}
    </section>
  );
}
