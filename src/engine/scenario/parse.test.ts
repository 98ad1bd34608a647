import { describe, expect, it } from 'vitest';
import { eventBusLab } from '../../labs/eventBus';
import {
  InvalidScenarioError,
  parseScenario,
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type ScenarioProblem,
  scenarioOrThrow,
} from './index';
import { NODE_KINDS } from './schema';

/** Lab 1 as plain JSON, the way a saved file would come back: a fresh copy every call. */
// biome-ignore lint/suspicious/noExplicitAny: test inputs are deliberately untyped JSON
type Json = any;
function lab1(): Json {
  return JSON.parse(JSON.stringify(eventBusLab));
}

/** The smallest valid input: no settings, no `active`, no `failing`, no `failureMessage`. */
function minimal(): Json {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: 'tiny',
    title: { en: 'Tiny', uk: 'Крихітний' },
    nodes: [
      { id: 'p', kind: 'producer', label: 'p', position: { x: 0, y: 0 }, emits: [] },
      { id: 'b', kind: 'bus', label: 'b', position: { x: 1, y: 0 } },
      { id: 'l', kind: 'listener', label: 'l', position: { x: 2, y: 0 } },
    ],
    edges: [{ id: 'p-b', source: 'p', target: 'b' }],
    subscriptions: [{ id: 's', bus: 'b', listener: 'l', pattern: '*' }],
    guide: { intro: { en: 'i', uk: 'i' }, points: [], tryIt: [] },
  };
}

function problemsOf(input: unknown): readonly ScenarioProblem[] {
  const result = parseScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected');
  return result.problems;
}

describe('valid scenarios', () => {
  it('Lab 1 parses and comes back unchanged', () => {
    const result = parseScenario(lab1());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario).toEqual(eventBusLab);
    expect(result.scenario.id).toBe('event-bus');
    expect(result.scenario.nodes.map((n) => `${n.id}:${n.kind}`)).toEqual([
      'app:producer',
      'bus:bus',
      'email_sender:listener',
      'logger:listener',
      'analytics:listener',
    ]);
  });

  it('applies the defaults: settings, active, failing, failureMessage, logCapacity', () => {
    const result = parseScenario(minimal());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { scenario } = result;
    expect(scenario.settings).toEqual({ hopMs: 700, speed: 1, seed: 1 });
    expect(scenario.subscriptions[0]?.active).toBe(true);
    const [, bus, listener] = scenario.nodes;
    expect(bus?.kind === 'bus' && bus.logCapacity).toBe(1000);
    expect(listener?.kind === 'listener' && listener.failing).toBe(false);
    expect(listener?.kind === 'listener' && listener.failureMessage).toBe('listener failed');
  });

  it('fills in the settings that a partial settings object leaves out', () => {
    const input = minimal();
    input.settings = { hopMs: 50 };
    const result = parseScenario(input);
    expect(result.ok && result.scenario.settings).toEqual({ hopMs: 50, speed: 1, seed: 1 });
  });

  it('keeps values that are given instead of the defaults', () => {
    const input = minimal();
    input.subscriptions[0].active = false;
    input.nodes[2].failing = true;
    input.nodes[2].failureMessage = 'boom';
    const result = parseScenario(input);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scenario.subscriptions[0]?.active).toBe(false);
    expect(result.scenario.nodes[2]).toMatchObject({ failing: true, failureMessage: 'boom' });
  });

  it('does not modify its input when it applies defaults', () => {
    const input = minimal();
    const before = JSON.stringify(input);
    parseScenario(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('invalid scenarios name the wrong field and say what is wrong', () => {
  it.each<{ case: string; change: (s: Json) => void; problems: ScenarioProblem[] }>([
    {
      case: 'wrong format',
      change: (s) => {
        s.format = 'eventlab.sketch';
      },
      problems: [{ field: 'format', message: 'must be "eventlab.scenario"' }],
    },
    {
      case: 'missing format',
      change: (s) => {
        delete s.format;
      },
      problems: [{ field: 'format', message: 'Invalid input: expected "eventlab.scenario"' }],
    },
    {
      case: 'a newer version',
      change: (s) => {
        s.version = 2;
      },
      problems: [{ field: 'version', message: 'Invalid input: expected 1' }],
    },
    {
      case: 'a version given as a string',
      change: (s) => {
        s.version = '1';
      },
      problems: [{ field: 'version', message: 'Invalid input: expected 1' }],
    },
    {
      case: 'unknown node kind',
      change: (s) => {
        s.nodes[2].kind = 'robot';
      },
      problems: [
        {
          field: 'nodes[2].kind',
          message: `unknown node kind: use one of ${NODE_KINDS.join(', ')}`,
        },
      ],
    },
    {
      case: 'duplicate node id',
      change: (s) => {
        s.nodes.push({ ...s.nodes[3], position: { x: 9, y: 9 } });
      },
      problems: [{ field: 'nodes[5].id', message: 'duplicate node id "logger"' }],
    },
    {
      case: 'edge to a missing node',
      change: (s) => {
        s.edges[0].target = 'nowhere';
      },
      problems: [{ field: 'edges[0].target', message: 'no node has the id "nowhere"' }],
    },
    {
      case: 'edge from a missing node',
      change: (s) => {
        s.edges[0].source = 'ghost';
      },
      problems: [{ field: 'edges[0].source', message: 'no node has the id "ghost"' }],
    },
    {
      case: 'subscription whose listener is not a listener node',
      change: (s) => {
        s.subscriptions[1].listener = 'app';
      },
      problems: [
        { field: 'subscriptions[1].listener', message: '"app" is a producer, not a listener' },
      ],
    },
    {
      case: 'subscription whose bus is not a bus node',
      change: (s) => {
        s.subscriptions[2].bus = 'logger';
      },
      problems: [{ field: 'subscriptions[2].bus', message: '"logger" is a listener, not a bus' }],
    },
    {
      case: 'subscription to a missing listener',
      change: (s) => {
        s.subscriptions[0].listener = 'sms_sender';
      },
      problems: [
        { field: 'subscriptions[0].listener', message: 'no node has the id "sms_sender"' },
      ],
    },
    {
      case: 'duplicate subscription id',
      change: (s) => {
        s.subscriptions[3].id = 'logger-all';
      },
      problems: [{ field: 'subscriptions[3].id', message: 'duplicate id "logger-all"' }],
    },
    {
      case: 'invalid pattern us*er',
      change: (s) => {
        s.subscriptions[0].pattern = 'us*er';
      },
      problems: [
        {
          field: 'subscriptions[0].pattern',
          message:
            "invalid pattern: '*' may only be the whole last segment (user.*) or the whole pattern (*), not part of a word",
        },
      ],
    },
    {
      case: 'invalid emit event name user..x',
      change: (s) => {
        s.nodes[0].emits[1].event = 'user..x';
      },
      problems: [
        {
          field: 'nodes[0].emits[1].event',
          message: "invalid event name: it has an empty segment ('..')",
        },
      ],
    },
    {
      case: 'bad characters in an edge id',
      change: (s) => {
        s.edges[0].id = 'app->bus';
      },
      problems: [
        {
          field: 'edges[0].id',
          message: 'must start with a letter and use only letters, digits, _ or - (at most 64)',
        },
      ],
    },
    {
      case: 'an id that starts with a digit',
      change: (s) => {
        s.id = '1lab';
      },
      problems: [
        {
          field: 'id',
          message: 'must start with a letter and use only letters, digits, _ or - (at most 64)',
        },
      ],
    },
    {
      case: 'a bad node id, which its edge then refers to',
      change: (s) => {
        s.nodes[0].id = 'my app';
        s.edges[0].source = 'my app';
      },
      problems: [
        {
          field: 'nodes[0].id',
          message: 'must start with a letter and use only letters, digits, _ or - (at most 64)',
        },
        {
          field: 'edges[0].source',
          message: 'must start with a letter and use only letters, digits, _ or - (at most 64)',
        },
      ],
    },
    {
      case: 'unknown extra key on a node (strict)',
      change: (s) => {
        s.nodes[1].color = 'red';
      },
      problems: [{ field: 'nodes[1]', message: 'Unrecognized key: "color"' }],
    },
    {
      case: 'unknown extra key at the top (strict)',
      change: (s) => {
        s.author = 'me';
      },
      problems: [{ field: '(root)', message: 'Unrecognized key: "author"' }],
    },
    {
      case: 'unknown extra key in settings (strict)',
      change: (s) => {
        s.settings.hop = 5;
      },
      problems: [{ field: 'settings', message: 'Unrecognized key: "hop"' }],
    },
    {
      case: 'hopMs above the range',
      change: (s) => {
        s.settings.hopMs = 10_001;
      },
      problems: [{ field: 'settings.hopMs', message: 'Too big: expected number to be <=10000' }],
    },
    {
      case: 'hopMs below the range',
      change: (s) => {
        s.settings.hopMs = -1;
      },
      problems: [{ field: 'settings.hopMs', message: 'Too small: expected number to be >=0' }],
    },
    {
      case: 'speed above the range',
      change: (s) => {
        s.settings.speed = 8;
      },
      problems: [{ field: 'settings.speed', message: 'Too big: expected number to be <=4' }],
    },
    {
      case: 'empty label',
      change: (s) => {
        s.nodes[1].label = '';
      },
      problems: [{ field: 'nodes[1].label', message: 'must not be empty' }],
    },
    {
      case: 'too long label',
      change: (s) => {
        s.nodes[4].label = 'a'.repeat(81);
      },
      problems: [{ field: 'nodes[4].label', message: 'must be at most 80 characters' }],
    },
    {
      case: 'too long localized text',
      change: (s) => {
        s.guide.points[2].uk = 'ї'.repeat(2001);
      },
      problems: [{ field: 'guide.points[2].uk', message: 'must be at most 2000 characters' }],
    },
    {
      case: 'too long failure message',
      change: (s) => {
        s.nodes[2].failureMessage = 'x'.repeat(201);
      },
      problems: [{ field: 'nodes[2].failureMessage', message: 'must be at most 200 characters' }],
    },
    {
      case: 'more nodes than a scenario holds',
      change: (s) => {
        s.nodes = Array.from({ length: 501 }, (_, i) => ({ ...s.nodes[0], id: `n${i}` }));
        s.edges = [];
        s.subscriptions = [];
      },
      problems: [{ field: 'nodes', message: 'a scenario holds at most 500 nodes' }],
    },
  ])('$case', ({ change, problems }) => {
    const input = lab1();
    change(input);
    expect(problemsOf(input)).toEqual(problems);
  });
});

describe('scenarioOrThrow', () => {
  it('returns the parsed scenario when it is valid', () => {
    expect(scenarioOrThrow(minimal()).settings.hopMs).toBe(700);
  });

  it('throws InvalidScenarioError listing every wrong field', () => {
    const input = lab1();
    input.nodes[2].kind = 'robot';
    input.settings.hopMs = 99_999;
    let caught: unknown;
    try {
      scenarioOrThrow(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidScenarioError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as InvalidScenarioError;
    expect(error.name).toBe('InvalidScenarioError');
    expect(error.problems.map((p) => p.field)).toEqual(['nodes[2].kind', 'settings.hopMs']);
    expect(error.message).toBe(
      'Invalid scenario: ' +
        `nodes[2].kind: unknown node kind: use one of ${NODE_KINDS.join(', ')}; ` +
        'settings.hopMs: Too big: expected number to be <=10000',
    );
  });
});

describe('hostile input', () => {
  it.each<{ case: string; input: unknown; message: string }>([
    { case: 'null', input: null, message: 'Invalid input: expected object, received null' },
    {
      case: 'undefined',
      input: undefined,
      message: 'Invalid input: expected object, received undefined',
    },
    {
      case: 'a string',
      input: 'eventlab.scenario',
      message: 'Invalid input: expected object, received string',
    },
    { case: 'a number', input: 1, message: 'Invalid input: expected object, received number' },
    { case: 'an array', input: [], message: 'Invalid input: expected object, received array' },
    {
      case: 'an array holding a scenario',
      input: [eventBusLab],
      message: 'Invalid input: expected object, received array',
    },
  ])('$case is rejected at the root', ({ input, message }) => {
    expect(problemsOf(input)).toEqual([{ field: '(root)', message }]);
  });

  it('rejects a JSON "__proto__" key without polluting Object.prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "yes", "format": "x"}}');
    const problems = problemsOf(input);
    expect(problems).toContainEqual({ field: '(root)', message: 'Unrecognized key: "__proto__"' });
    // nothing leaked into every object
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('rejects "__proto__" next to an otherwise valid scenario, and nested in a node', () => {
    const text = JSON.stringify(eventBusLab)
      .replace(/^\{/, '{"__proto__": {"polluted": "top"},')
      .replace('"id":"bus",', '"id":"bus","__proto__":{"polluted":"node"},');
    const problems = problemsOf(JSON.parse(text));
    expect(problems).toEqual([
      { field: 'nodes[1]', message: 'Unrecognized key: "__proto__"' },
      { field: '(root)', message: 'Unrecognized key: "__proto__"' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects "constructor.prototype" without polluting Object.prototype', () => {
    const input = lab1();
    input.constructor = { prototype: { polluted: 'ctor' } };
    expect(problemsOf(input)).toEqual([
      { field: '(root)', message: 'Unrecognized key: "constructor"' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
