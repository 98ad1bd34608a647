import { useEffect, useId, useState } from 'react';

type FieldProps = {
  readonly label: string;
  /** the refusal to show under it, when the last edit of this field was refused */
  readonly error: string | undefined;
} & (
  | {
      readonly type: 'text' | 'number' | 'json';
      readonly value: string;
      /** called on Enter or when the field loses focus, with what was typed */
      readonly onCommit: (text: string) => void;
    }
  | {
      readonly type: 'select';
      readonly value: string;
      readonly options: readonly { value: string; label: string }[];
      readonly onCommit: (value: string) => void;
    }
  | { readonly type: 'checkbox'; readonly value: boolean; readonly onCommit: (v: boolean) => void }
);

/**
 * One setting: typed text is committed on Enter or blur (not on each key, so a half-typed
 * number is not refused), a choice at once; a refusal shows under the field, as text.
 */
export function Field(props: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const [draft, setDraft] = useState(props.type === 'checkbox' ? '' : props.value);
  // a refused or undone edit shows the document's value again
  useEffect(() => {
    if (props.type !== 'checkbox') setDraft(props.value);
  }, [props.type, props.value]);
  const described =
    props.error === undefined ? {} : { 'aria-describedby': errorId, 'aria-invalid': true };
  let control: React.ReactNode;
  if (props.type === 'checkbox') {
    control = (
      <input
        id={id}
        type="checkbox"
        checked={props.value}
        onChange={(e) => props.onCommit(e.target.checked)}
        {...described}
      />
    );
  } else if (props.type === 'select') {
    control = (
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onCommit(e.target.value)}
        {...described}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    const commit = () => {
      // the document's own value again, after a refusal, is committed too: it clears the refusal
      if (draft !== props.value || props.error !== undefined) props.onCommit(draft);
    };
    const common = {
      id,
      value: draft,
      onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        setDraft(e.target.value),
      onBlur: commit,
      ...described,
    };
    control =
      props.type === 'json' ? (
        <textarea rows={3} spellCheck={false} {...common} />
      ) : (
        <input
          type="text"
          inputMode={props.type === 'number' ? 'numeric' : 'text'}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
          {...common}
        />
      );
  }
  return (
    <div className={`pg-field${props.type === 'checkbox' ? ' is-check' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {control}
      {props.error !== undefined && (
        <p id={errorId} className="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}
