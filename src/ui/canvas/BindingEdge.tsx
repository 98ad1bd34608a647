import { EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { type FormEvent, useState } from 'react';
import { useSession, useSessionState } from '../lab/session';
import { useCommand } from '../useCommand';
import { curvedPath } from './edgeGeometry';
import { TrackedEdge } from './TrackedEdge';
import type { BindingFlowEdge } from './toFlow';

/**
 * A binding from an exchange to a queue. Its label is its binding key; a click edits it and
 * Enter rebinds the queue, so a person can try `user.*` against `user.#` on the spot.
 */
export function BindingEdge(props: EdgeProps<BindingFlowEdge>) {
  const session = useSession();
  const binding = props.data?.binding;
  const exchangeType = useSessionState((s) =>
    binding ? s.snapshot.exchanges[binding.exchange]?.type : undefined,
  );
  // the live key: what the person last set, or the scenario's
  const key = useSessionState((s) =>
    binding ? (s.snapshot.bindingKeys[binding.id] ?? binding.key) : '',
  );
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(key);
  const [error, run] = useCommand();
  const { path, labelX, labelY } = curvedPath(props);
  if (binding === undefined) return null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (run(() => session.setBindingKey(binding.id, draft))) setEditing(false);
  };

  const shown = exchangeType === 'fanout' ? '(any key)' : key === '' ? '(empty key)' : key;
  return (
    <>
      <TrackedEdge id={props.id} path={path} className="edge-binding" markerEnd={props.markerEnd} />
      <EdgeLabelRenderer>
        <div
          className="edge-label-anchor nodrag nopan"
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {editing ? (
            <form onSubmit={submit} className="binding-form">
              <input
                aria-label={`Binding key from ${binding.exchange} to ${binding.queue}`}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setEditing(false);
                }}
                spellCheck={false}
                // biome-ignore lint/a11y/noAutofocus: the person just asked to edit this field
                autoFocus
              />
              {error !== undefined && (
                <span role="alert" className="form-error">
                  {error}
                </span>
              )}
            </form>
          ) : (
            <button
              type="button"
              className="edge-label label-binding"
              aria-label={`Edit binding key ${key || '(empty)'} from ${binding.exchange} to ${binding.queue}`}
              onClick={() => {
                setDraft(key);
                setEditing(true);
              }}
            >
              <span className="mono">{shown}</span>
            </button>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
