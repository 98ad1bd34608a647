import type { Scenario, ScenarioNode } from '../scenario';
import type { FaultProblem } from './problems';
import type { FaultAction, FaultScript } from './schema';

type Kind = ScenarioNode['kind'];

/**
 * Problems a valid script has with one scenario: an action aimed at a node that is not there,
 * or is not of the kind it needs. The playground shows them beside their lines; a run refuses
 * to start with any. Workers come and go while a run goes on, so whether worker 2 is alive is
 * known only when its time comes (a `fault.refused` trace event then).
 */
export function checkFaultScript(script: FaultScript, scenario: Scenario): FaultProblem[] {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const problems: FaultProblem[] = [];
  script.forEach((fault, line) => {
    const problem = targetProblem(fault, nodes, scenario);
    if (problem !== undefined) problems.push({ line, ...problem });
  });
  return problems;
}

function targetProblem(
  fault: FaultAction,
  nodes: ReadonlyMap<string, ScenarioNode>,
  scenario: Scenario,
): { field: string; message: string } | undefined {
  switch (fault.action) {
    case 'fail-listener':
      return kindProblem('listener', fault.listener, 'listener', nodes);
    case 'burst':
    case 'set-rate': {
      const problem = kindProblem('producer', fault.producer, 'producer', nodes);
      if (problem !== undefined) return problem;
      const node = nodes.get(fault.producer);
      if (node?.kind === 'producer' && !node.emits.some((p) => p.label === undefined)) {
        return { field: 'producer', message: `producer "${fault.producer}" has nothing to send` };
      }
      const sendsTo = scenario.edges.some((e) => {
        const kind = e.source === fault.producer ? nodes.get(e.target)?.kind : undefined;
        return kind === 'bus' || kind === 'exchange' || kind === 'topic' || kind === 'saga';
      });
      return sendsTo
        ? undefined
        : {
            field: 'producer',
            message: `producer "${fault.producer}" is not connected to a bus, an exchange, a topic or a saga`,
          };
    }
    case 'fail-saga-step':
      // the saga's services are not nodes of the scenario: checked when the step's time comes
      return undefined;
    case 'kill-member':
    case 'add-member':
      return kindProblem('group', fault.group, 'group', nodes);
    default:
      return kindProblem('consumer', fault.consumer, 'consumer', nodes);
  }
}

function kindProblem(
  kind: Kind,
  id: string,
  field: string,
  nodes: ReadonlyMap<string, ScenarioNode>,
): { field: string; message: string } | undefined {
  const node = nodes.get(id);
  if (node?.kind === kind) return undefined;
  if (node !== undefined) return { field, message: `"${id}" is a ${node.kind}, not a ${kind}` };
  const known = [...nodes.values()].filter((n) => n.kind === kind).map((n) => n.id);
  const list = known.length === 0 ? `it has no ${kind}s` : `${kind}s: ${known.join(', ')}`;
  return { field, message: `no ${kind} "${id}" in this scenario (${list})` };
}
