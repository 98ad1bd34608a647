import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { TopicTrie } from './TopicTrie';
import { explainTopic, topicMatches } from './topic';

// The bindings and expectations of RabbitMQ's own topic exchange test (rabbitmq-server,
// `test_topic_matching` in its unit suite): queue tN is bound with the key beside it.
const RABBIT_BINDINGS: readonly (readonly [string, string])[] = [
  ['a.b.c', 't1'],
  ['a.*.c', 't2'],
  ['a.#.b', 't3'],
  ['a.b.b.c', 't4'],
  ['#', 't5'],
  ['#.#', 't6'],
  ['#.b', 't7'],
  ['*.*', 't8'],
  ['a.*', 't9'],
  ['*.b.c', 't10'],
  ['a.#', 't11'],
  ['a.#.#', 't12'],
  ['b.b.c', 't13'],
  ['a.b.b', 't14'],
  ['a.b', 't15'],
  ['b.c', 't16'],
  ['', 't17'],
  ['*.*.*', 't18'],
  ['vodka.martini', 't19'],
  ['a.b.c', 't20'],
  ['*.#', 't21'],
  ['#.*.#', 't22'],
  ['*.#.#', 't23'],
  ['#.#.#', 't24'],
  ['*', 't25'],
  ['#.b.#', 't26'],
];

const RABBIT_EXPECTED: readonly (readonly [string, readonly string[]])[] = [
  [
    'a.b.c',
    ['t1', 't2', 't5', 't6', 't10', 't11', 't12', 't18', 't20', 't21', 't22', 't23', 't24', 't26'],
  ],
  [
    'a.b',
    ['t3', 't5', 't6', 't7', 't8', 't9', 't11', 't12', 't15', 't21', 't22', 't23', 't24', 't26'],
  ],
  [
    'a.b.b',
    ['t3', 't5', 't6', 't7', 't11', 't12', 't14', 't18', 't21', 't22', 't23', 't24', 't26'],
  ],
  ['', ['t5', 't6', 't17', 't24']],
  ['b.c.c', ['t5', 't6', 't18', 't21', 't22', 't23', 't24', 't26']],
  ['a.a.a.a.a', ['t5', 't6', 't11', 't12', 't21', 't22', 't23', 't24']],
  ['vodka.gin', ['t5', 't6', 't8', 't21', 't22', 't23', 't24']],
  ['vodka.martini', ['t5', 't6', 't8', 't19', 't21', 't22', 't23', 't24']],
  ['b.b.c', ['t5', 't6', 't10', 't13', 't18', 't21', 't22', 't23', 't24', 't26']],
  ['nothing.here.at.all', ['t5', 't6', 't21', 't22', 't23', 't24']],
  ['oneword', ['t5', 't6', 't21', 't22', 't23', 't24', 't25']],
];

// After RabbitMQ's test removes t1, t5, t11, t19 and t21:
const RABBIT_REMOVED = new Set(['t1', 't5', 't11', 't19', 't21']);
const RABBIT_EXPECTED_AFTER_REMOVE: readonly (readonly [string, readonly string[]])[] = [
  ['a.b.c', ['t2', 't6', 't10', 't12', 't18', 't20', 't22', 't23', 't24', 't26']],
  ['a.b', ['t3', 't6', 't7', 't8', 't9', 't12', 't15', 't22', 't23', 't24', 't26']],
  ['a.b.b', ['t3', 't6', 't7', 't12', 't14', 't18', 't22', 't23', 't24', 't26']],
  ['', ['t6', 't17', 't24']],
  ['b.c.c', ['t6', 't18', 't22', 't23', 't24', 't26']],
  ['a.a.a.a.a', ['t6', 't12', 't22', 't23', 't24']],
  ['vodka.gin', ['t6', 't8', 't22', 't23', 't24']],
  ['vodka.martini', ['t6', 't8', 't22', 't23', 't24']],
  ['b.b.c', ['t6', 't10', 't13', 't18', 't22', 't23', 't24', 't26']],
  ['nothing.here.at.all', ['t6', 't22', 't23', 't24']],
  ['oneword', ['t6', 't22', 't23', 't24', 't25']],
];

const byNumber = (a: string, b: string) => Number(a.slice(1)) - Number(b.slice(1));

function rabbitTrie(): TopicTrie<string> {
  const trie = new TopicTrie<string>();
  for (const [key, queue] of RABBIT_BINDINGS) trie.add(key, queue);
  return trie;
}

describe("RabbitMQ's topic test cases", () => {
  it.each(RABBIT_EXPECTED)('topicMatches routes %j to %j', (routingKey, expected) => {
    const got = RABBIT_BINDINGS.filter(([key]) => topicMatches(key, routingKey)).map(([, q]) => q);
    expect(got.sort(byNumber)).toEqual(expected);
  });

  it.each(RABBIT_EXPECTED)('TopicTrie routes %j to %j', (routingKey, expected) => {
    expect([...rabbitTrie().match(routingKey)].sort(byNumber)).toEqual(expected);
  });

  it.each(RABBIT_EXPECTED_AFTER_REMOVE)(
    'TopicTrie after removing bindings routes %j to %j',
    (routingKey, expected) => {
      const trie = rabbitTrie();
      for (const [key, queue] of RABBIT_BINDINGS) {
        if (RABBIT_REMOVED.has(queue)) expect(trie.remove(key, queue)).toBe(true);
      }
      expect([...trie.match(routingKey)].sort(byNumber)).toEqual(expected);
    },
  );

  it('removing every binding empties the trie and matches nothing', () => {
    const trie = rabbitTrie();
    for (const [key, queue] of RABBIT_BINDINGS) trie.remove(key, queue);
    expect(trie.size).toBe(0);
    expect(trie.nodeCount).toBe(1);
    for (const [routingKey] of RABBIT_EXPECTED) expect(trie.match(routingKey)).toEqual([]);
  });
});

// [binding key, routing key, matches]: the corners of the word rules
const CORNERS: readonly (readonly [string, string, boolean])[] = [
  // the empty routing key is zero words
  ['#', '', true],
  ['*', '', false],
  ['', '', true],
  ['', 'a', false],
  ['#.#', '', true],
  ['*.#', '', false],
  // empty words are words
  ['*', '.', false],
  ['*.*', '.', true],
  ['a.*.b', 'a..b', true],
  ['a.b', 'a..b', false],
  ['a..b', 'a..b', true],
  ['a.#.b', 'a..b', true],
  ['*', 'a.', false],
  ['a.*', 'a.', true],
  ['a.#', 'a.', true],
  ['*.a', '.a', true],
  ['#.a', '.a', true],
  ['.a', '.a', true],
  ['a', '.a', false],
  ['#', '..', true],
  ['*', 'a', true],
  // `*` is exactly one word, `#` zero or more
  ['a.*', 'a', false],
  ['a.*', 'a.b.c', false],
  ['a.#', 'a', true],
  ['a.#', 'a.b.c', true],
  ['#.a', 'a', true],
  ['#.a', 'b.a.a', true],
  ['#.a', 'a.b', false],
  ['a.#.b', 'a.b', true],
  ['a.#.b', 'a.x.y.b', true],
  ['a.#.b', 'a.b.c', false],
  ['#.b.#', 'b', true],
  ['#.b.#', 'a.c', false],
  ['a.*.*', 'a.b.c', true],
  ['a.*.*', 'a.b', false],
  ['a.*.*', 'a.b.c.d', false],
  ['#.#.b', 'b', true],
  ['#.#.b', 'a.b', true],
  ['#.#.b', 'a.b.c', false],
  ['#.*.#', '', false],
  ['#.*.#', 'x', true],
  ['*.#.#', 'x', true],
  ['*.#.*', 'x', false],
  ['*.#.*', 'x.y', true],
  // wildcards only inside a binding key; in a routing key they are plain words
  ['a', '*', false],
  ['*', '*', true],
  ['*', '#', true],
  ['#', '#.#', true],
  ['a.b', 'a.*', false],
  // a wildcard glued to other text is a literal word
  ['a*', 'ab', false],
  ['a*', 'a*', true],
  ['#a', 'a', false],
  // case matters
  ['User.*', 'user.created', false],
];

describe('word rules', () => {
  it.each(CORNERS)('binding %j, routing key %j: %s', (bindingKey, routingKey, expected) => {
    expect(topicMatches(bindingKey, routingKey)).toBe(expected);
    const trie = new TopicTrie<string>();
    trie.add(bindingKey, 'q');
    expect(trie.match(routingKey)).toEqual(expected ? ['q'] : []);
  });

  it('stays fast on keys that make naive backtracking explode', () => {
    const binding = Array.from({ length: 12 }, () => '#.a').join('.');
    const routingKey = Array.from({ length: 60 }, () => 'a').join('.');
    const trie = new TopicTrie<string>();
    trie.add(binding, 'q');
    trie.add('#.#.#.#.#.#.#.#.b', 'r');
    const started = performance.now();
    expect(topicMatches(binding, `${routingKey}.b`)).toBe(false);
    expect(topicMatches(binding, routingKey)).toBe(true);
    expect(trie.match(routingKey)).toEqual(['q']);
    expect(trie.match(`${routingKey}.b`)).toEqual(['r']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('explainTopic', () => {
  it.each([
    [
      'user.#',
      'user.profile.updated',
      [
        ['user', ['user']],
        ['#', ['profile', 'updated']],
      ],
    ],
    [
      '*.created',
      'order.created',
      [
        ['*', ['order']],
        ['created', ['created']],
      ],
    ],
    [
      '#.b.#',
      'a.b.b',
      [
        ['#', ['a']],
        ['b', ['b']],
        ['#', ['b']],
      ],
    ],
    [
      'a.#.b',
      'a.b',
      [
        ['a', ['a']],
        ['#', []],
        ['b', ['b']],
      ],
    ],
    ['#', '', [['#', []]]],
    ['', '', []],
  ] as const)('%j on %j takes words %j', (bindingKey, routingKey, steps) => {
    expect(explainTopic(bindingKey, routingKey)).toEqual(
      steps.map(([pattern, words]) => ({ pattern, words })),
    );
  });

  it('is undefined when the key does not match', () => {
    expect(explainTopic('a.*', 'a')).toBeUndefined();
    expect(explainTopic('#.b', 'a.c')).toBeUndefined();
  });

  it('agrees with topicMatches over a seeded corpus', () => {
    const { bindings, keys } = corpus(7, 150, 100);
    for (const b of bindings) {
      for (const k of keys) {
        const steps = explainTopic(b, k);
        expect(steps !== undefined).toBe(topicMatches(b, k));
        if (steps === undefined) continue;
        // the words the steps took, in order, are the routing key's words
        expect(steps.flatMap((s) => s.words).join('.')).toBe(k);
        expect(steps.map((s) => s.pattern).join('.')).toBe(b);
      }
    }
  });
});

/** Random binding and routing keys over a small alphabet, empty words included. */
function corpus(seed: number, nBindings: number, nKeys: number) {
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => items[rng.int(0, items.length - 1)] as T;
  const key = (alphabet: readonly string[]) =>
    Array.from({ length: rng.int(0, 5) }, () => pick(alphabet)).join('.');
  const bindings = Array.from({ length: nBindings }, () => key(['a', 'b', '', '*', '#', '#']));
  const keys = Array.from({ length: nKeys }, () => key(['a', 'b', 'c', '']));
  return { rng, bindings, keys };
}

describe('TopicTrie', () => {
  it.each([1, 2, 3])(
    'matches exactly the bindings topicMatches accepts, through adds and removes (seed %i)',
    (seed) => {
      const { rng, bindings, keys } = corpus(seed, 200, 150);
      const trie = new TopicTrie<number>();
      const bound = new Map<number, string>();
      const expectAgrees = () => {
        for (const k of keys) {
          const expected = [...bound].filter(([, b]) => topicMatches(b, k)).map(([v]) => v);
          expect([...trie.match(k)].sort((x, y) => x - y)).toEqual(expected.sort((x, y) => x - y));
        }
      };
      bindings.forEach((b, v) => {
        trie.add(b, v);
        bound.set(v, b);
      });
      expectAgrees();
      for (const [v, b] of [...bound]) {
        if (rng.chance(0.5)) {
          expect(trie.remove(b, v)).toBe(true);
          bound.delete(v);
        }
      }
      expect(trie.size).toBe(bound.size);
      expectAgrees();
      for (const [v, b] of bound) trie.remove(b, v);
      expect(trie.nodeCount).toBe(1);
    },
  );

  it('gives a value bound under two matching keys once', () => {
    const trie = new TopicTrie<string>();
    trie.add('a.*', 'q');
    trie.add('#', 'q');
    trie.add('#.#', 'r');
    expect([...trie.match('a.b')].sort()).toEqual(['q', 'r']);
  });

  it('refuses a duplicate pair and a removal of what is not bound', () => {
    const trie = new TopicTrie<string>();
    expect(trie.add('a.#', 'q')).toBe(true);
    expect(trie.add('a.#', 'q')).toBe(false);
    expect(trie.size).toBe(1);
    expect(trie.remove('a.#', 'r')).toBe(false);
    expect(trie.remove('a.*', 'q')).toBe(false);
    expect(trie.remove('a', 'q')).toBe(false);
    expect(trie.remove('a.#', 'q')).toBe(true);
    expect(trie.remove('a.#', 'q')).toBe(false);
  });

  it('keeps a branch another binding still uses when one is removed', () => {
    const trie = new TopicTrie<string>();
    trie.add('a.b.c', 'x');
    trie.add('a.b', 'y');
    trie.remove('a.b.c', 'x');
    expect(trie.match('a.b')).toEqual(['y']);
    expect(trie.nodeCount).toBe(3);
  });
});
