export type { ParseResult, ScenarioProblem } from './parse';
export { InvalidScenarioError, parseScenario, scenarioOrThrow } from './parse';
export type {
  BusNode,
  Guide,
  ListenerNode,
  Localized,
  ProducerNode,
  Scenario,
  ScenarioEdge,
  ScenarioInput,
  ScenarioNode,
  ScenarioSubscription,
} from './schema';
export { SCENARIO_FORMAT, SCENARIO_VERSION, scenarioSchema } from './schema';
