export { DirectTable } from './direct';
export { FanoutTable } from './fanout';
export type { HeaderCheck, HeadersExplanation, XMatch } from './headers';
export { explainHeaders, HeadersTable, headersMatch, xMatchProblem } from './headers';
export { TopicTrie } from './TopicTrie';
export type { HeaderValues, RoutingTable } from './table';
export type { TopicStep } from './topic';
export { explainTopic, topicMatches } from './topic';
export { splitWords } from './words';
