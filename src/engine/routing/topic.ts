import { splitWords } from './words';

/** One binding word and the routing-key words it took, for "why did it match". */
export interface TopicStep {
  /** the binding word: a literal, `*` or `#` */
  readonly pattern: string;
  readonly words: readonly string[];
}

/**
 * Whether a topic binding key matches a routing key, as RabbitMQ's topic exchange decides:
 * words split on '.', `*` takes exactly one word, `#` zero or more. Empty words are words;
 * the empty key is zero words. No regular expressions: the words are walked directly.
 */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  return walk(walker(bindingKey, routingKey, undefined), 0, 0);
}

/**
 * The word-by-word assignment that makes `bindingKey` match `routingKey` (each `#` taking
 * as few words as it can), or undefined when it does not match.
 */
export function explainTopic(bindingKey: string, routingKey: string): TopicStep[] | undefined {
  const steps: TopicStep[] = [];
  return walk(walker(bindingKey, routingKey, steps), 0, 0) ? steps : undefined;
}

interface Walker {
  readonly bound: readonly string[];
  readonly words: readonly string[];
  /** (`#` position, word position) pairs known not to match: keeps `#.a.#.a.#` polynomial */
  readonly failed: Set<number>;
  /** receives the assignment of the successful path, when asked for */
  readonly steps: TopicStep[] | undefined;
}

function walker(bindingKey: string, routingKey: string, steps: TopicStep[] | undefined): Walker {
  return { bound: splitWords(bindingKey), words: splitWords(routingKey), failed: new Set(), steps };
}

/** Matches binding words from `i` against routing words from `j`. */
function walk(w: Walker, i: number, j: number): boolean {
  const { bound, words, steps } = w;
  const mark = steps?.length ?? 0;
  while (i < bound.length) {
    const pattern = bound[i] as string;
    if (pattern === '#') {
      const memo = i * (words.length + 1) + j;
      if (w.failed.has(memo)) return miss(steps, mark);
      // zero words first, then one more at a time
      for (let k = j; k <= words.length; k++) {
        steps?.push({ pattern, words: words.slice(j, k) });
        if (walk(w, i + 1, k)) return true;
        steps?.pop();
      }
      w.failed.add(memo);
      return miss(steps, mark);
    }
    const word = words[j];
    if (word === undefined || (pattern !== '*' && pattern !== word)) return miss(steps, mark);
    steps?.push({ pattern, words: [word] });
    i++;
    j++;
  }
  return j === words.length || miss(steps, mark);
}

/** Drops the steps a failed branch pushed. Always false, so a miss reads `return miss(...)`. */
function miss(steps: TopicStep[] | undefined, mark: number): false {
  if (steps !== undefined) steps.length = mark;
  return false;
}
