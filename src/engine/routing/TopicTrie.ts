import { splitWords } from './words';

class TrieNode<V> {
  /** literal words; `*` and `#` have their own edges so a lookup never confuses them */
  children: Map<string, TrieNode<V>> | undefined;
  star: TrieNode<V> | undefined;
  hash: TrieNode<V> | undefined;
  /** values bound with the key that ends here */
  readonly values = new Set<V>();
  /** the match that last collected this node: each node's values are taken once per match */
  seen = 0;

  constructor(readonly id: number) {}

  get isEmpty(): boolean {
    return (
      this.values.size === 0 &&
      this.star === undefined &&
      this.hash === undefined &&
      (this.children === undefined || this.children.size === 0)
    );
  }
}

/** How a node hangs from its parent: a literal word, `*` or `#`. */
type Edge = string;

const NO_VALUES: readonly never[] = Object.freeze([]);

/**
 * Topic bindings as a trie of words, as RabbitMQ's topic exchange keeps them: a routing key
 * walks the trie word by word, following the literal edge and the `*` edge, and a `#` edge
 * tries to take 0..n words. Matching costs the words of the key and the branches that fit
 * it, not the number of bindings.
 */
export class TopicTrie<V> {
  #nextId = 0;
  readonly #root = new TrieNode<V>(this.#nextId++);
  #size = 0;
  #nodes = 1;
  #generation = 0;

  /** Bindings held (distinct key and value pairs). */
  get size(): number {
    return this.#size;
  }

  /** Nodes in the trie, the root included: removing every binding brings it back to 1. */
  get nodeCount(): number {
    return this.#nodes;
  }

  /** Binds `value` with `bindingKey`. Returns false when that pair was already bound. */
  add(bindingKey: string, value: V): boolean {
    let node = this.#root;
    for (const word of splitWords(bindingKey)) {
      let next = child(node, word);
      if (next === undefined) {
        next = new TrieNode<V>(this.#nextId++);
        this.#nodes++;
        if (word === '*') node.star = next;
        else if (word === '#') node.hash = next;
        else {
          node.children ??= new Map();
          node.children.set(word, next);
        }
      }
      node = next;
    }
    if (node.values.has(value)) return false;
    node.values.add(value);
    this.#size++;
    return true;
  }

  /** Unbinds the pair, pruning the branch it leaves empty. Returns whether it was bound. */
  remove(bindingKey: string, value: V): boolean {
    const path: [TrieNode<V>, Edge][] = [];
    let node = this.#root;
    for (const word of splitWords(bindingKey)) {
      const next = child(node, word);
      if (next === undefined) return false;
      path.push([node, word]);
      node = next;
    }
    if (!node.values.delete(value)) return false;
    this.#size--;
    // prune bottom up, so a trie that had every binding removed is back to its root
    for (let k = path.length - 1; k >= 0 && node.isEmpty; k--) {
      const [parent, word] = path[k] as [TrieNode<V>, Edge];
      if (word === '*') parent.star = undefined;
      else if (word === '#') parent.hash = undefined;
      else parent.children?.delete(word);
      this.#nodes--;
      node = parent;
    }
    return true;
  }

  /** The values whose binding key matches `routingKey`, each once, in no promised order. */
  match(routingKey: string): readonly V[] {
    const words = splitWords(routingKey);
    const hits: TrieNode<V>[] = [];
    const walk: Walk<V> = { words, hits, generation: ++this.#generation, entered: undefined };
    collect(walk, this.#root, 0);
    if (hits.length === 0) return NO_VALUES;
    if (hits.length === 1) return [...(hits[0] as TrieNode<V>).values];
    // a value bound under two keys that both match is still one result
    const out = new Set<V>();
    for (const node of hits) for (const value of node.values) out.add(value);
    return [...out];
  }
}

function child<V>(node: TrieNode<V>, word: string): TrieNode<V> | undefined {
  if (word === '*') return node.star;
  if (word === '#') return node.hash;
  return node.children?.get(word);
}

interface Walk<V> {
  readonly words: readonly string[];
  readonly hits: TrieNode<V>[];
  readonly generation: number;
  /** (`#` node, word position) pairs already walked: `#.#.#` would otherwise repeat work */
  entered: Set<number> | undefined;
}

function collect<V>(walk: Walk<V>, node: TrieNode<V>, j: number): void {
  const { words } = walk;
  if (j === words.length) {
    if (node.values.size > 0 && node.seen !== walk.generation) {
      node.seen = walk.generation;
      walk.hits.push(node);
    }
  } else {
    const exact = node.children?.get(words[j] as string);
    if (exact !== undefined) collect(walk, exact, j + 1);
    if (node.star !== undefined) collect(walk, node.star, j + 1);
  }
  const hash = node.hash;
  if (hash === undefined) return;
  // `#` takes 0, 1, ... all of the remaining words
  for (let k = j; k <= words.length; k++) {
    const key = hash.id * (words.length + 1) + k;
    walk.entered ??= new Set();
    const entered = walk.entered;
    if (entered.has(key)) continue;
    entered.add(key);
    collect(walk, hash, k);
  }
}
