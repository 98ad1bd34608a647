export type {
  ScenarioFileError,
  ScenarioFileErrorKind,
  ScenarioFileResult,
} from './fileErrors';
export {
  type ExportOptions,
  exportScenarioText,
  type FileLike,
  type ImportedScenario,
  type ImportOptions,
  importScenarioText,
  readScenarioFile,
  scenarioFileName,
} from './files';
export { MAX_LINK_LENGTH, MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH } from './limits';
export { decodeScenarioLink, encodeScenarioLink, LINK_KEY, type ScenarioLink } from './link';
export { type Migration, type Migrations, SCENARIO_MIGRATIONS } from './migrations';
export type { ParseResult, ScenarioProblem } from './parse';
export { InvalidScenarioError, parseScenario, scenarioOrThrow } from './parse';
export type {
  BusNode,
  ConsumerNode,
  ExchangeNode,
  ExternalNode,
  GroupNode,
  Guide,
  HttpNode,
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
  TopicNode,
} from './schema';
export { SCENARIO_FORMAT, SCENARIO_VERSION, scenarioSchema } from './schema';
