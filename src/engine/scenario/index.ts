export type { ParseResult, ScenarioProblem } from './parse';
export { InvalidScenarioError, parseScenario, scenarioOrThrow } from './parse';
export type {
  BusNode,
  ConsumerNode,
  ExchangeNode,
  Guide,
  ListenerNode,
  Localized,
  ProducerNode,
  QueueNode,
  Scenario,
  ScenarioBinding,
  ScenarioEdge,
  ScenarioInput,
  ScenarioNode,
  ScenarioSubscription,
} from './schema';
export { SCENARIO_FORMAT, SCENARIO_VERSION, scenarioSchema } from './schema';
