import { type FormEvent, useId, useState } from 'react';
import { validateHandler } from '../../../workers/handlers';
import { useSession } from '../../lab/session';

/**
 * The body of a custom handler, as JavaScript: it gets `message` (routingKey, body, headers,
 * redelivered, deliveryCount) and `context`, may `await context.sleep(ms)`, and runs inside
 * the worker. A body that does not compile is refused here, with the reason.
 */
export function CustomHandlerEditor({
  consumerId,
  label,
  source,
}: {
  consumerId: string;
  label: string;
  source: string;
}) {
  const session = useSession();
  const [draft, setDraft] = useState(source);
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const spec = { kind: 'custom', source: draft } as const;
    const problem = validateHandler(spec);
    if (problem !== undefined) {
      setError(problem);
      return;
    }
    session.setHandlerSpec(consumerId, spec);
    setError(undefined);
  };
  return (
    <form className="custom-editor nodrag nowheel" onSubmit={apply}>
      <label htmlFor={id}>function (message, context) {'{'}</label>
      <textarea
        id={id}
        aria-label={`${label} custom handler code`}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        rows={3}
        spellCheck={false}
        aria-invalid={error !== undefined}
      />
      <span className="mono muted">{'}'}</span>
      {error !== undefined && (
        <p className="node-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn small">
        Apply code
      </button>
    </form>
  );
}
