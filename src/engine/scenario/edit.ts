import { kafkaDefaults, orphanGroups, readFrom } from './kafkaEdit';
import { parseScenario } from './parse';
import { addStep, sagaDefaults, withoutRemovedSteps } from './sagaEdit';
import type { Scenario, ScenarioNode } from './schema';
import { SCENARIO_FORMAT, SCENARIO_VERSION } from './schema';

/**
 * Edits of a scenario as pure functions, for the playground: each returns a new scenario
 * that passed the schema, or the reason it was refused (and the field, when one is wrong).
 * A refused edit changes nothing, so the document is never invalid.
 */
export type EditResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly created?: string }
  | { readonly ok: false; readonly reason: string; readonly field?: string };

export type NodeKind = ScenarioNode['kind'];

const refuse = (reason: string, field?: string): EditResult =>
  field === undefined ? { ok: false, reason } : { ok: false, reason, field };

/** The schema has the last word on every edit; its first problem is the reason. */
function checked(draft: unknown, created?: string, nodeIndex?: number): EditResult {
  const result = parseScenario(draft);
  if (result.ok) {
    return created === undefined
      ? { ok: true, scenario: result.scenario }
      : { ok: true, scenario: result.scenario, created };
  }
  const problem = result.problems[0];
  if (!problem) return refuse('the scenario is invalid');
  // `nodes[3].maxLength` -> `maxLength`, so a form can put the reason next to its field
  const prefix = nodeIndex === undefined ? undefined : `nodes[${nodeIndex}].`;
  const field =
    prefix !== undefined && problem.field.startsWith(prefix)
      ? problem.field.slice(prefix.length)
      : problem.field;
  return refuse(problem.message, field);
}

/** An empty playground: nothing on the canvas yet. */
export function emptyScenario(id = 'playground'): Scenario {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id,
    title: { en: 'Playground', uk: 'Пісочниця' },
    nodes: [],
    edges: [],
    subscriptions: [],
    bindings: [],
    settings: { hopMs: 700, speed: 1, seed: 1 },
    guide: { intro: { en: '', uk: '' }, points: [], tryIt: [] },
  };
}

function freshId(s: Scenario, stem: string): string {
  const taken = new Set<string>([
    ...s.nodes.map((n) => n.id),
    ...s.edges.map((e) => e.id),
    ...s.bindings.map((b) => b.id),
    ...s.subscriptions.map((x) => x.id),
  ]);
  for (let n = 1; ; n++) {
    const candidate = `${stem}${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** What a new node of each kind starts as: enough to run at once. */
function defaults(kind: NodeKind, s: Scenario): Record<string, unknown> | string {
  switch (kind) {
    case 'producer':
      return {
        emits: [{ event: 'user.registered', data: { user: 'ann' } }],
        load: true,
      };
    case 'bus':
      return { logCapacity: 1000 };
    case 'listener':
      return { failing: false, failureMessage: 'listener failed', service: 'record' };
    case 'exchange':
      return { exchangeType: 'topic' };
    case 'queue':
      return {};
    case 'consumer': {
      const queue = s.nodes.find((n) => n.kind === 'queue');
      if (!queue) return 'A consumer reads a queue: add a queue first';
      return { queue: queue.id, handler: { kind: 'log' }, workers: 1, prefetch: 1 };
    }
    case 'external':
      return {};
    case 'http':
      return { method: 'POST', path: '/webhook/order' };
    case 'topic':
    case 'group':
      return kafkaDefaults(kind, s);
    case 'saga':
    case 'service':
      return sagaDefaults(kind, s);
  }
}

function serviceId(s: Scenario, service: string): string {
  const taken = s.nodes.some((n) => n.id === service) || s.edges.some((e) => e.id === service);
  return taken ? freshId(s, service) : service;
}

export function addNode(
  s: Scenario,
  kind: NodeKind,
  position: { x: number; y: number },
): EditResult {
  const extra = defaults(kind, s);
  if (typeof extra === 'string') return refuse(extra);
  // a service is named for what it is (payment), as the saga engine and a fault script name it
  const id = kind === 'service' ? serviceId(s, String(extra.service)) : freshId(s, kind);
  const node = { id, kind, label: id, position, ...extra };
  return checked({ ...s, nodes: [...s.nodes, node] }, id);
}

/** Removes nodes and connections by id, and whatever cannot stand without a removed node. */
export function removeElements(s: Scenario, ids: readonly string[]): EditResult {
  const gone = new Set(ids);
  // a consumer cannot exist without its queue
  for (const n of s.nodes) if (n.kind === 'consumer' && gone.has(n.queue)) gone.add(n.id);
  orphanGroups(s, gone);
  const nodes = s.nodes
    .filter((n) => !gone.has(n.id))
    .map((n) => withoutRemovedSteps(n, gone))
    .map((n) =>
      n.kind === 'queue' && n.deadLetterExchange !== undefined && gone.has(n.deadLetterExchange)
        ? withoutDeadLetter(n)
        : n,
    );
  return checked({
    ...s,
    nodes,
    edges: s.edges.filter((e) => !gone.has(e.id) && !gone.has(e.source) && !gone.has(e.target)),
    bindings: s.bindings.filter(
      (b) => !gone.has(b.id) && !gone.has(b.exchange) && !gone.has(b.queue),
    ),
    subscriptions: s.subscriptions.filter(
      (x) => !gone.has(x.id) && !gone.has(x.bus) && !gone.has(x.listener),
    ),
  });
}

function withoutDeadLetter(n: Extract<ScenarioNode, { kind: 'queue' }>) {
  const { deadLetterExchange: _d, deadLetterRoutingKey: _k, ...rest } = n;
  return rest;
}

/** What a connection from each kind can go to (the playground offers these, a refusal names them). */
export const CONNECTS: Readonly<Record<NodeKind, readonly NodeKind[]>> = {
  producer: ['bus', 'exchange', 'topic', 'saga'],
  http: ['bus', 'exchange'],
  external: ['http'],
  bus: ['listener'],
  exchange: ['queue'],
  queue: ['consumer', 'exchange'],
  listener: [],
  consumer: [],
  topic: ['group'],
  group: [],
  saga: ['service'],
  service: [],
};

/**
 * Connects two nodes; what the connection is follows from their kinds: a producer sends
 * along an edge, a bus subscribes a listener, an exchange binds a queue, a queue feeds a
 * consumer (moving it from its old queue), a queue dead-letters to an exchange.
 */
export function connect(s: Scenario, sourceId: string, targetId: string): EditResult {
  const source = s.nodes.find((n) => n.id === sourceId);
  const target = s.nodes.find((n) => n.id === targetId);
  if (!source || !target) return refuse('Both ends must be nodes on the canvas');
  if (source.id === target.id) return refuse('A node cannot connect to itself');
  const allowed = CONNECTS[source.kind];
  if (!allowed.includes(target.kind)) {
    return refuse(
      allowed.length === 0
        ? `A ${source.kind} is where messages end: it connects to nothing`
        : `A ${source.kind} connects to ${allowed.join(' or ')}, not to a ${target.kind}`,
    );
  }
  if (source.kind === 'bus') {
    if (s.subscriptions.some((x) => x.bus === source.id && x.listener === target.id)) {
      return refuse(`${target.label} is already subscribed to ${source.label}`);
    }
    const id = freshId(s, 'sub');
    const sub = { id, bus: source.id, listener: target.id, pattern: '*', active: true };
    return checked({ ...s, subscriptions: [...s.subscriptions, sub] }, id);
  }
  if (source.kind === 'exchange') {
    if (s.bindings.some((b) => b.exchange === source.id && b.queue === target.id)) {
      return refuse(`${target.label} is already bound to ${source.label}`);
    }
    const id = freshId(s, 'bind');
    const key = source.exchangeType === 'topic' ? '#' : '';
    const binding = { id, exchange: source.id, queue: target.id, key };
    return checked({ ...s, bindings: [...s.bindings, binding] }, id);
  }
  if (source.kind === 'queue' && target.kind === 'consumer') {
    // a new consumer starts on the first queue: connecting it there again is no error
    if (target.queue === source.id) return { ok: true, scenario: s };
    return checked({
      ...s,
      nodes: s.nodes.map((n) => (n.id === target.id ? { ...n, queue: source.id } : n)),
    });
  }
  if (source.kind === 'topic' && target.kind === 'group')
    return checked(readFrom(s, source, target));
  if (source.kind === 'saga' && target.kind === 'service') {
    const draft = addStep(s, source, target);
    return typeof draft === 'string' ? refuse(draft) : checked(draft);
  }
  if (source.kind === 'queue' && target.kind === 'exchange') {
    return checked({
      ...s,
      nodes: s.nodes.map((n) => (n.id === source.id ? { ...n, deadLetterExchange: target.id } : n)),
    });
  }
  // producer, http, external: one plain edge; a producer sends to one place
  if (source.kind === 'producer' && s.edges.some((e) => e.source === source.id)) {
    return refuse(`${source.label} already sends somewhere: remove that edge first`);
  }
  if (s.edges.some((e) => e.source === source.id && e.target === target.id)) {
    return refuse(`${source.label} already connects to ${target.label}`);
  }
  const id = freshId(s, 'edge');
  return checked({ ...s, edges: [...s.edges, { id, source: source.id, target: target.id }] }, id);
}

/** Changes a node's settings; a setting the schema refuses is named in the result. */
export function updateNode(s: Scenario, id: string, patch: Record<string, unknown>): EditResult {
  const index = s.nodes.findIndex((n) => n.id === id);
  if (index < 0) return refuse(`No node ${id}`);
  if ('id' in patch || 'kind' in patch) return refuse('A node keeps its id and kind');
  const nodes = s.nodes.map((n, i) => {
    if (i !== index) return n;
    const next: Record<string, unknown> = { ...n, ...patch };
    // an optional setting cleared in a form is left out, not stored as undefined
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete next[k];
    return next;
  });
  return checked({ ...s, nodes }, undefined, index);
}

export function updateBinding(s: Scenario, id: string, patch: { key?: string }): EditResult {
  if (!s.bindings.some((b) => b.id === id)) return refuse(`No binding ${id}`);
  return checked({ ...s, bindings: s.bindings.map((b) => (b.id === id ? { ...b, ...patch } : b)) });
}

export function updateSubscription(
  s: Scenario,
  id: string,
  patch: { pattern?: string },
): EditResult {
  if (!s.subscriptions.some((x) => x.id === id)) return refuse(`No subscription ${id}`);
  return checked({
    ...s,
    subscriptions: s.subscriptions.map((x) => (x.id === id ? { ...x, ...patch } : x)),
  });
}

/** Moves nodes (a drag, or a layout); positions only, so no schema check is needed. */
export function moveNodes(
  s: Scenario,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): Scenario {
  return {
    ...s,
    nodes: s.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}
