import { describe, expect, it } from 'vitest';
import { sagaScenario } from '../sim/sagaTesting';
import { addNode, connect, removeElements, updateNode } from './edit';
import { exportScenarioText, importScenarioText } from './files';
import { decodeScenarioLink, encodeScenarioLink } from './link';
import { parseScenario } from './parse';
import { sagaStepEdgeId } from './sagaEdit';

const sagaOf = (s: ReturnType<typeof sagaScenario>) => {
  const saga = s.nodes.find((n) => n.kind === 'saga');
  if (saga?.kind !== 'saga') throw new Error('no saga');
  return saga;
};

describe('saga and service nodes: the format', () => {
  it('a sketch built edit by edit has the steps in the order they were connected', () => {
    const s = sagaScenario();
    expect(sagaOf(s).steps).toEqual([
      { service: 'inventory', attempts: 3 },
      { service: 'payment', attempts: 3 },
      { service: 'shipping', attempts: 3 },
    ]);
    expect(s.nodes.filter((n) => n.kind === 'service').map((n) => n.label)).toEqual([
      'inventory',
      'payment',
      'shipping',
    ]);
    expect(parseScenario(JSON.parse(JSON.stringify(s)))).toMatchObject({ ok: true, scenario: s });
  });

  it('names the wrong field: a step whose service node is missing, or is no service', () => {
    const s = sagaScenario();
    const i = s.nodes.findIndex((n) => n.kind === 'saga');
    const broken = (steps: unknown, extra: Record<string, unknown> = {}) => ({
      ...s,
      nodes: s.nodes.map((n, k) => (k === i ? { ...n, steps, ...extra } : n)),
    });
    const problem = (draft: unknown) => {
      const r = parseScenario(draft);
      return r.ok ? undefined : r.problems[0];
    };
    expect(problem(broken([{ service: 'gone' }]))).toEqual({
      field: `nodes[${i}].steps[0].service`,
      message: 'no service node has the id "gone"',
    });
    expect(problem(broken([{ service: 'producer1' }]))?.message).toBe(
      '"producer1" is a producer, not a service',
    );
    expect(problem(broken([{ service: 'payment' }, { service: 'payment' }]))).toMatchObject({
      field: `nodes[${i}].steps[1].service`,
      message: '"payment" is already step 1',
    });
    expect(problem(broken([{ service: 'payment' }], { pivot: 'shipping' }))).toMatchObject({
      field: `nodes[${i}].pivot`,
    });
    expect(problem(broken([{ service: 'payment', attempts: 0 }]))?.field).toBe(
      `nodes[${i}].steps[0].attempts`,
    );
    expect(problem(broken([{ service: 'payment', fault: { mode: 'explode' } }]))).toMatchObject({
      field: `nodes[${i}].steps[0].fault.mode`,
    });
  });

  it('refuses stores where they do not belong, and a second service of a kind', () => {
    const s = sagaScenario();
    expect(updateNode(s, 'payment', { stock: { apple: 1 } })).toEqual({
      ok: false,
      reason: 'only an inventory keeps stock',
      field: 'stock',
    });
    expect(updateNode(s, 'inventory', { declineOver: 5 })).toMatchObject({ field: 'declineOver' });
    expect(updateNode(s, 'inventory', { stock: { Apple: 1 } })).toMatchObject({ ok: false });
    expect(updateNode(s, 'shipping', { service: 'payment' })).toMatchObject({
      ok: false,
      field: 'service',
      reason: '"payment" is the payment service already: the saga has one of each',
    });
    expect(updateNode(s, 'payment', { declineOver: 500 })).toMatchObject({ ok: true });
  });

  it('reads a file from before the saga kinds unchanged (no new version)', () => {
    const old = { ...sagaScenario(), nodes: [], edges: [] };
    expect(parseScenario(old)).toMatchObject({ ok: true, scenario: { version: 1 } });
  });
});

describe('saga and service nodes: the edit rules', () => {
  it('adds one saga and one service of each kind, then says why not', () => {
    const s = sagaScenario();
    expect(addNode(s, 'saga', { x: 0, y: 0 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/one saga/),
    });
    expect(addNode(s, 'service', { x: 0, y: 0 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/inventory, payment, shipping are all here/),
    });
  });

  it('connects a producer to a saga and a saga to services only', () => {
    const s = sagaScenario();
    expect(connect(s, 'saga1', 'producer1')).toMatchObject({
      ok: false,
      reason: 'A saga connects to service, not to a producer',
    });
    expect(connect(s, 'inventory', 'payment')).toMatchObject({ ok: false });
    expect(connect(s, 'saga1', 'payment')).toMatchObject({
      ok: false,
      reason: 'payment is already step 2 of saga1',
    });
    expect(s.edges).toEqual([{ id: 'edge1', source: 'producer1', target: 'saga1' }]);
  });

  it('removing a service or its step edge removes the step, and the pivot with it', () => {
    const s = updateNode(sagaScenario(), 'saga1', { pivot: 'payment' });
    if (!s.ok) throw new Error(s.reason);
    const noPayment = removeElements(s.scenario, ['payment']);
    if (!noPayment.ok) throw new Error(noPayment.reason);
    expect(sagaOf(noPayment.scenario).steps.map((x) => x.service)).toEqual([
      'inventory',
      'shipping',
    ]);
    expect(sagaOf(noPayment.scenario).pivot).toBeUndefined();
    const noEdge = removeElements(s.scenario, [sagaStepEdgeId('saga1', 'shipping')]);
    if (!noEdge.ok) throw new Error(noEdge.reason);
    expect(sagaOf(noEdge.scenario).steps.map((x) => x.service)).toEqual(['inventory', 'payment']);
    expect(sagaOf(noEdge.scenario).pivot).toBe('payment');
    expect(noEdge.scenario.nodes).toHaveLength(5);
  });
});

describe('saga settings typed as text', () => {
  it('says a value that is not a number is not one, under its field', () => {
    const s = sagaScenario();
    expect(updateNode(s, 'payment', { declineOver: Number('lots') })).toMatchObject({
      ok: false,
      field: 'declineOver',
      reason: 'must be a number',
    });
    const saga = s.nodes.find((n) => n.kind === 'saga');
    if (saga?.kind !== 'saga') throw new Error('no saga');
    const steps = saga.steps.map((x, i) => (i === 0 ? { ...x, timeoutMs: Number('soon') } : x));
    expect(updateNode(s, 'saga1', { steps })).toMatchObject({
      ok: false,
      field: 'steps[0].timeoutMs',
      reason: 'must be a number',
    });
  });
});

describe('a saga sketch as a file and as a link', () => {
  it('comes back the same', () => {
    const s = updateNode(sagaScenario({ mode: 'choreography' }), 'saga1', {
      pivot: 'payment',
      steps: [
        { service: 'inventory', attempts: 2, timeoutMs: 3000 },
        { service: 'payment', attempts: 1, fault: { mode: 'fail-times', times: 2 } },
        { service: 'shipping', attempts: 3, fault: { mode: 'flaky', failRate: 0.25 } },
      ],
    });
    if (!s.ok) throw new Error(s.reason);
    const text = exportScenarioText(s.scenario);
    if (!text.ok) throw new Error('export');
    expect(importScenarioText(text.value)).toMatchObject({
      ok: true,
      value: { scenario: s.scenario },
    });
    const link = encodeScenarioLink(s.scenario, 'https://eventlab.test/playground');
    if (!link.ok) throw new Error('link');
    expect(decodeScenarioLink(link.value.url)).toMatchObject({
      ok: true,
      value: { scenario: s.scenario },
    });
  });
});
