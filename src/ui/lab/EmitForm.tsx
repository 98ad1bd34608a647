import { type FormEvent, useId, useState } from 'react';
import { InvalidNameError } from '../../engine/bus';
import { useT } from '../i18n';
import { useSession } from './session';

const PRESET_PAYLOAD = '{\n  "user_id": 7,\n  "field": "avatar"\n}';

/** Any event name with a JSON payload, sent from the scenario's first producer. */
export function EmitForm() {
  const { t } = useT();
  const session = useSession();
  const producer = session.scenario.nodes.find((n) => n.kind === 'producer');
  const [name, setName] = useState('user.profile.updated');
  const [payload, setPayload] = useState(PRESET_PAYLOAD);
  const [error, setError] = useState<{ field: 'name' | 'payload'; message: string } | undefined>();
  const nameId = useId();
  const payloadId = useId();
  const errorId = useId();

  if (producer === undefined) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let data: unknown;
    try {
      data = payload.trim() === '' ? undefined : JSON.parse(payload);
    } catch (thrown) {
      setError({ field: 'payload', message: `${t('badJson')}: ${(thrown as Error).message}` });
      return;
    }
    try {
      session.send(producer.id, name.trim(), data);
      setError(undefined);
    } catch (thrown) {
      if (thrown instanceof InvalidNameError) setError({ field: 'name', message: thrown.message });
      else throw thrown;
    }
  };

  const trimmed = name.trim();
  return (
    <form className="panel emit-form" onSubmit={submit} aria-label={t('customEvent')}>
      <h2>{t('customEvent')}</h2>
      <label htmlFor={nameId}>{t('eventName')}</label>
      <input
        id={nameId}
        value={name}
        onChange={(e) => setName(e.target.value)}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error?.field === 'name'}
        aria-describedby={error?.field === 'name' ? errorId : undefined}
      />
      <label htmlFor={payloadId}>{t('payload')}</label>
      <textarea
        id={payloadId}
        value={payload}
        onChange={(e) => setPayload(e.target.value)}
        rows={4}
        spellCheck={false}
        aria-invalid={error?.field === 'payload'}
        aria-describedby={error?.field === 'payload' ? errorId : undefined}
      />
      {error !== undefined && (
        <p id={errorId} className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <button type="submit" className="btn primary">
        Emit {trimmed === '' ? 'custom event' : trimmed}
      </button>
    </form>
  );
}
