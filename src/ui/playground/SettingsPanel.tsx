import { useState } from 'react';
import { useStore } from 'zustand';
import type { PlaygroundDocApi } from '../../app/playground/document';
import type { Scenario, ScenarioNode } from '../../engine/scenario';
import { CONNECTS } from '../../engine/scenario/edit';
import { LISTENER_SERVICES } from '../../engine/sim/services';
import { Field } from './Field';
import { num, opt } from './fieldText';
import { kafkaFields } from './settings/kafkaFields';
import { sagaFields } from './settings/sagaFields';
import { type PlaygroundStringKey, usePlaygroundT } from './strings';

/** Handlers a consumer can be given here, each with its starting settings. */
const HANDLERS: Record<string, Record<string, unknown>> = {
  log: { kind: 'log' },
  email: { kind: 'email' },
  sms: { kind: 'sms' },
  analytics: { kind: 'analytics' },
  slow: { kind: 'slow', ms: 500 },
  flaky: { kind: 'flaky', failureRate: 0.3 },
  poison: { kind: 'poison', when: { field: 'poison', equals: true } },
};

/**
 * The selected node's or connection's settings. Each change goes to the document at once;
 * a refused one is said under its field and changes nothing.
 */
export function SettingsPanel({ doc }: { doc: PlaygroundDocApi }) {
  const { text: p } = usePlaygroundT();
  const scenario = useStore(doc.store, (s) => s.scenario);
  const selected = useStore(doc.store, (s) => s.selected);
  const notice = useStore(doc.store, (s) => s.notice);
  const errorOf = (field: string) =>
    notice !== undefined && notice.target === selected && notice.field === field
      ? notice.text
      : undefined;
  const node = scenario.nodes.find((n) => n.id === selected);
  const binding = scenario.bindings.find((b) => b.id === selected);
  const subscription = scenario.subscriptions.find((x) => x.id === selected);
  const edge = scenario.edges.find((e) => e.id === selected);

  let body: React.ReactNode;
  if (node) {
    body = (
      <NodeSettings key={node.id} doc={doc} node={node} scenario={scenario} errorOf={errorOf} />
    );
  } else if (binding) {
    body = (
      <Field
        type="text"
        label={`Binding key (${binding.exchange} → ${binding.queue})`}
        value={binding.key}
        error={errorOf('key') ?? (notice?.target === binding.id ? notice.text : undefined)}
        onCommit={(key) => doc.updateBinding(binding.id, key)}
      />
    );
  } else if (subscription) {
    body = (
      <Field
        type="text"
        label={`Pattern (${subscription.listener} on ${subscription.bus})`}
        value={subscription.pattern}
        error={notice?.target === subscription.id ? notice.text : undefined}
        onCommit={(pattern) => doc.updatePattern(subscription.id, pattern)}
      />
    );
  } else if (edge) {
    body = (
      <p className="muted small">
        {edge.source} → {edge.target}
      </p>
    );
  }
  return (
    <section className="panel pg-settings" aria-label={p('settings')}>
      <h2>{p('settings')}</h2>
      {body === undefined ? (
        <p className="muted small">{p('nothingSelected')}</p>
      ) : (
        <>
          {body}
          <button
            type="button"
            className="btn small"
            onClick={() => selected !== undefined && doc.remove([selected])}
          >
            {p('remove')} {selected}
          </button>
        </>
      )}
      <p className="muted small">{p('restartNote')}</p>
    </section>
  );
}

function NodeSettings({
  doc,
  node,
  scenario,
  errorOf,
}: {
  doc: PlaygroundDocApi;
  node: ScenarioNode;
  scenario: Scenario;
  errorOf: (field: string) => string | undefined;
}) {
  const { text: p } = usePlaygroundT();
  const update = (patch: Record<string, unknown>) => doc.update(node.id, patch);
  const [jsonError, setJsonError] = useState<string | undefined>(undefined);
  const fields: React.ReactNode[] = [
    <Field
      key="label"
      type="text"
      label={p('label')}
      value={node.label}
      error={errorOf('label')}
      onCommit={(label) => update({ label })}
    />,
  ];
  const exchanges = scenario.nodes.filter((n) => n.kind === 'exchange');
  switch (node.kind) {
    case 'producer': {
      const first = node.emits[0] ?? { event: 'user.registered', data: {} };
      const setEmit = (patch: Record<string, unknown>) =>
        update({ emits: [{ ...first, ...patch }, ...node.emits.slice(1)] });
      fields.push(
        <Field
          key="event"
          type="text"
          label="Event (routing key)"
          value={first.event}
          error={errorOf('emits[0].event')}
          onCommit={(event) => setEmit({ event })}
        />,
        <Field
          key="data"
          type="json"
          label="Payload template (JSON; {{seq}}, {{now}}, {{uuid}}, {{random 1 100}}, {{pick a|b}})"
          value={JSON.stringify(first.data ?? {}, null, 1)}
          error={jsonError ?? errorOf('emits[0].data')}
          onCommit={(text) => {
            try {
              const data: unknown = JSON.parse(text);
              setJsonError(undefined);
              setEmit({ data });
            } catch {
              setJsonError('The payload is not valid JSON');
            }
          }}
        />,
        <Field
          key="load"
          type="checkbox"
          label="Rate and burst controls"
          value={node.load}
          error={errorOf('load')}
          onCommit={(load) => update({ load })}
        />,
      );
      break;
    }
    case 'bus':
      fields.push(
        <Field
          key="cap"
          type="number"
          label="Event log capacity"
          value={String(node.logCapacity)}
          error={errorOf('logCapacity')}
          onCommit={(t) => update({ logCapacity: num(t) })}
        />,
      );
      break;
    case 'listener':
      fields.push(
        <Field
          key="service"
          type="select"
          label="Service"
          value={node.service}
          options={LISTENER_SERVICES.map((s) => ({ value: s, label: s }))}
          error={errorOf('service')}
          onCommit={(service) => update({ service })}
        />,
        <Field
          key="failing"
          type="checkbox"
          label="Throws on delivery"
          value={node.failing}
          error={errorOf('failing')}
          onCommit={(failing) => update({ failing })}
        />,
      );
      break;
    case 'exchange':
      fields.push(
        <Field
          key="type"
          type="select"
          label="Exchange type"
          value={node.exchangeType}
          options={['direct', 'fanout', 'topic', 'headers'].map((v) => ({ value: v, label: v }))}
          error={errorOf('exchangeType')}
          onCommit={(exchangeType) => update({ exchangeType })}
        />,
      );
      break;
    case 'queue':
      fields.push(
        <Field
          key="maxLength"
          type="number"
          label="Max length (empty: none)"
          value={opt(node.maxLength)}
          error={errorOf('maxLength')}
          onCommit={(t) => update({ maxLength: num(t) })}
        />,
        <Field
          key="overflow"
          type="select"
          label="When full"
          value={node.overflow ?? ''}
          options={[
            { value: '', label: 'drop-head (default)' },
            { value: 'drop-head', label: 'drop-head' },
            { value: 'reject-publish', label: 'reject-publish' },
          ]}
          error={errorOf('overflow')}
          onCommit={(v) => update({ overflow: v === '' ? undefined : v })}
        />,
        <Field
          key="ttl"
          type="number"
          label="Message TTL, ms (empty: none)"
          value={opt(node.messageTtl)}
          error={errorOf('messageTtl')}
          onCommit={(t) => update({ messageTtl: num(t) })}
        />,
        <Field
          key="limit"
          type="number"
          label="Delivery limit (empty: none)"
          value={opt(node.deliveryLimit)}
          error={errorOf('deliveryLimit')}
          onCommit={(t) => update({ deliveryLimit: num(t) })}
        />,
        <Field
          key="dlx"
          type="select"
          label="Dead-letter exchange"
          value={node.deadLetterExchange ?? ''}
          options={[
            { value: '', label: '(none)' },
            ...exchanges.map((e) => ({ value: e.id, label: e.label })),
          ]}
          error={errorOf('deadLetterExchange')}
          onCommit={(v) => update({ deadLetterExchange: v === '' ? undefined : v })}
        />,
      );
      break;
    case 'consumer':
      fields.push(
        <Field
          key="queue"
          type="select"
          label="Reads queue"
          value={node.queue}
          options={scenario.nodes
            .filter((n) => n.kind === 'queue')
            .map((q) => ({ value: q.id, label: q.label }))}
          error={errorOf('queue')}
          onCommit={(queue) => update({ queue })}
        />,
        <Field
          key="handler"
          type="select"
          label="Handler"
          value={node.handler.kind}
          options={Object.keys(HANDLERS)
            .concat(node.handler.kind in HANDLERS ? [] : [node.handler.kind])
            .map((k) => ({ value: k, label: k }))}
          error={errorOf('handler')}
          onCommit={(kind) => update({ handler: HANDLERS[kind] ?? node.handler })}
        />,
        <Field
          key="workers"
          type="number"
          label="Workers"
          value={String(node.workers)}
          error={errorOf('workers')}
          onCommit={(t) => update({ workers: num(t) })}
        />,
        <Field
          key="prefetch"
          type="number"
          label="Prefetch (0: unlimited)"
          value={String(node.prefetch)}
          error={errorOf('prefetch')}
          onCommit={(t) => update({ prefetch: num(t) })}
        />,
      );
      break;
    case 'http':
      fields.push(
        <Field
          key="path"
          type="text"
          label="Path"
          value={node.path}
          error={errorOf('path')}
          onCommit={(path) => update({ path })}
        />,
      );
      break;
    case 'external':
      break;
    case 'topic':
    case 'group':
      fields.push(...kafkaFields({ node, scenario, update, errorOf }));
      break;
    case 'saga':
    case 'service':
      fields.push(...sagaFields({ doc, node, scenario, errorOf }));
      break;
  }
  return (
    <div className="pg-node-settings">
      <p className="muted small">
        {node.kind} <code>{node.id}</code>
      </p>
      {fields}
      <ConnectTo doc={doc} node={node} scenario={scenario} />
    </div>
  );
}

/** Connecting without a mouse: pick a target the node can connect to. */
function ConnectTo({
  doc,
  node,
  scenario,
}: {
  doc: PlaygroundDocApi;
  node: ScenarioNode;
  scenario: Scenario;
}) {
  const { text: p } = usePlaygroundT();
  const kinds = CONNECTS[node.kind];
  const candidates = scenario.nodes.filter((n) => kinds.includes(n.kind));
  const [target, setTarget] = useState('');
  if (candidates.length === 0) return null;
  const chosen = candidates.some((c) => c.id === target) ? target : (candidates[0]?.id ?? '');
  return (
    <div className="pg-connect">
      <label>
        {p('connectTo' as PlaygroundStringKey)}
        <select value={chosen} onChange={(e) => setTarget(e.target.value)}>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label} ({c.kind})
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn small" onClick={() => doc.connect(node.id, chosen)}>
        {p('connect')}
      </button>
    </div>
  );
}
