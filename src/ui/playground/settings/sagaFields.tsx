import type { PlaygroundDocApi } from '../../../app/playground/document';
import type { Scenario } from '../../../engine/scenario';
import { moveStep } from '../../../engine/scenario/sagaEdit';
import {
  SAGA_MODES,
  SAGA_SERVICES,
  type SagaNode,
  type ServiceNode,
  type StepFault,
} from '../../../engine/scenario/sagaSchema';
import { Field } from '../Field';
import { num, opt } from '../fieldText';

/** A step's fault as the person picks it; each starts with a setting they can change. */
const FAULTS: Readonly<Record<string, { label: string; fault: StepFault | undefined }>> = {
  none: { label: 'works', fault: undefined },
  fail: { label: 'fails always', fault: { mode: 'fail' } },
  'fail-times': { label: 'fails N times, then works', fault: { mode: 'fail-times', times: 1 } },
  timeout: { label: 'answers too late (timeout)', fault: { mode: 'timeout', delayMs: 10_000 } },
  flaky: { label: 'flaky', fault: { mode: 'flaky', failRate: 0.3 } },
};

/** The fault's one setting: how many tries fail, how late, how often. */
function faultSetting(fault: StepFault | undefined) {
  switch (fault?.mode) {
    case 'fail-times':
      return { field: 'times', label: 'Tries that fail', value: fault.times };
    case 'timeout':
      return { field: 'delayMs', label: 'Reply late by, ms', value: fault.delayMs };
    case 'flaky':
      return {
        field: 'failRate',
        label: 'Share of tries that fail (0 to 1)',
        value: fault.failRate,
      };
    default:
      return undefined;
  }
}

interface SagaFieldsProps {
  readonly doc: PlaygroundDocApi;
  readonly node: SagaNode | ServiceNode;
  readonly scenario: Scenario;
  readonly errorOf: (field: string) => string | undefined;
}

/**
 * A saga's or a service's settings in the side panel, each committed to the document; a
 * refused value is said under its field (the schema's reason).
 */
export function sagaFields({ doc, node, scenario, errorOf }: SagaFieldsProps) {
  const update = (patch: Record<string, unknown>) => doc.update(node.id, patch);
  if (node.kind === 'service') return serviceFields(node, update, errorOf);
  const labelOf = (id: string) => scenario.nodes.find((n) => n.id === id)?.label ?? id;
  const setStep = (k: number, patch: Record<string, unknown>) =>
    update({ steps: node.steps.map((s, i) => (i === k ? { ...s, ...patch } : s)) });
  const fields = [
    <Field
      key="mode"
      type="select"
      label="Mode"
      value={node.mode}
      options={SAGA_MODES.map((m) => ({ value: m, label: m }))}
      error={errorOf('mode')}
      onCommit={(mode) => update({ mode })}
    />,
    <Field
      key="pivot"
      type="select"
      label="Pivot (after it, steps are retried, never undone)"
      value={node.pivot ?? ''}
      options={[
        { value: '', label: '(none)' },
        ...node.steps.map((s) => ({ value: s.service, label: labelOf(s.service) })),
      ]}
      error={errorOf('pivot')}
      onCommit={(v) => update({ pivot: v === '' ? undefined : v })}
    />,
  ];
  node.steps.forEach((step, k) => {
    const name = labelOf(step.service);
    const chosen = step.fault?.mode ?? 'none';
    const setting = faultSetting(step.fault);
    fields.push(
      <fieldset key={step.service} className="pg-saga-step" aria-label={`Step ${k + 1}: ${name}`}>
        <legend>
          {k + 1}. {name}
        </legend>
        <Field
          type="number"
          label="Timeout, ms (empty: 8 hops)"
          value={opt(step.timeoutMs)}
          error={errorOf(`steps[${k}].timeoutMs`)}
          onCommit={(t) => setStep(k, { timeoutMs: num(t) })}
        />
        <Field
          type="number"
          label="Tries"
          value={String(step.attempts)}
          error={errorOf(`steps[${k}].attempts`)}
          onCommit={(t) => setStep(k, { attempts: num(t) })}
        />
        <Field
          type="select"
          label={`${name} step`}
          value={chosen}
          options={Object.entries(FAULTS).map(([value, f]) => ({ value, label: f.label }))}
          error={errorOf(`steps[${k}].fault`) ?? errorOf(`steps[${k}].fault.mode`)}
          onCommit={(v) => setStep(k, { fault: FAULTS[v]?.fault })}
        />
        {setting && step.fault && (
          <Field
            type="number"
            label={setting.label}
            value={String(setting.value)}
            error={errorOf(`steps[${k}].fault.${setting.field}`)}
            onCommit={(t) => setStep(k, { fault: { ...step.fault, [setting.field]: num(t) } })}
          />
        )}
        <div className="pg-step-order">
          <button
            type="button"
            className="btn small"
            disabled={k === 0}
            onClick={() => update({ steps: moveStep(node, k, -1) })}
          >
            Earlier
          </button>
          <button
            type="button"
            className="btn small"
            disabled={k === node.steps.length - 1}
            onClick={() => update({ steps: moveStep(node, k, 1) })}
          >
            Later
          </button>
        </div>
      </fieldset>,
    );
  });
  return fields;
}

/** `apple=20, pear=10` -> { apple: 20, pear: 10 }; undefined when it is not that shape. */
function readStock(text: string): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const m = /^\s*([^=\s]+)\s*[=:]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
    if (m === null || m[1] === undefined) return undefined;
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function serviceFields(
  node: ServiceNode,
  update: (patch: Record<string, unknown>) => void,
  errorOf: (field: string) => string | undefined,
) {
  const fields = [
    <Field
      key="service"
      type="select"
      label="Service"
      value={node.service}
      options={SAGA_SERVICES.map((s) => ({ value: s, label: s }))}
      error={errorOf('service')}
      onCommit={(service) =>
        update({
          service,
          stock: service === 'inventory' ? node.stock : undefined,
          declineOver: undefined,
        })
      }
    />,
  ];
  if (node.service === 'inventory') {
    const stock = node.stock ?? {};
    fields.push(
      <Field
        key="stock"
        type="text"
        label="Stock on the shelf (apple=20, pear=10)"
        value={Object.entries(stock)
          .map(([sku, n]) => `${sku}=${n}`)
          .join(', ')}
        error={
          errorOf('stock') ??
          Object.keys(stock)
            .map((sku) => errorOf(`stock.${sku}`))
            .find(Boolean)
        }
        onCommit={(t) => update({ stock: readStock(t) ?? { [t.trim() || '(empty)']: 0 } })}
      />,
    );
  }
  if (node.service === 'payment') {
    fields.push(
      <Field
        key="declineOver"
        type="number"
        label="Declines charges over (empty: none)"
        value={opt(node.declineOver)}
        error={errorOf('declineOver')}
        onCommit={(t) => update({ declineOver: num(t) })}
      />,
    );
  }
  return fields;
}
