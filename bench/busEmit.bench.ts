/**
 * EventBus.emit against eventemitter2 and mitt: one exact listener and one wildcard
 * listener each, one small fresh payload per emit.
 */
import { EventEmitter2 } from 'eventemitter2';
import mitt from 'mitt';
import { EventBus } from '../src/engine/bus/index';
import { type Clock, RealClock, SimulatedClock } from '../src/engine/clock';
import { type BatchedTask, measureThroughput } from './throughput';
import type { BenchContext, BenchReport } from './types';

const EVENT = 'user.registered';

interface UserRegistered {
  readonly userId: number;
  readonly email: string;
}

/** Listeners add into this and the report prints it, so no engine can drop the work. */
interface Sink {
  emits: number;
  calls: number;
  sum: number;
}

interface Subject {
  readonly task: BatchedTask;
  readonly sink: Sink;
}

const newSink = (): Sink => ({ emits: 0, calls: 0, sum: 0 });

// Each factory writes its own listener literals, so no two libraries share JIT feedback.

function eventBus(name: string, logCapacity: number, clock: Clock = new RealClock()): Subject {
  const sink = newSink();
  const bus = new EventBus({ clock, logCapacity });
  bus.subscribe<UserRegistered>(EVENT, (data) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  bus.subscribe<UserRegistered>('user.*', (data) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  const runBatch = (from: number, count: number): void => {
    for (let i = from; i < from + count; i++) {
      bus.emit<UserRegistered>(EVENT, { userId: i, email: 'ada@example.com' });
    }
    sink.emits += count;
  };
  return { task: { name, runBatch }, sink };
}

function eventEmitter2(): Subject {
  const sink = newSink();
  const emitter = new EventEmitter2({ wildcard: true, delimiter: '.' });
  emitter.on(EVENT, (data: UserRegistered) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  emitter.on('user.*', (data: UserRegistered) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  const runBatch = (from: number, count: number): void => {
    for (let i = from; i < from + count; i++) {
      emitter.emit(EVENT, { userId: i, email: 'ada@example.com' });
    }
    sink.emits += count;
  };
  return { task: { name: 'eventemitter2', runBatch }, sink };
}

function mittEmitter(): Subject {
  const sink = newSink();
  const emitter = mitt<{ 'user.registered': UserRegistered }>();
  emitter.on(EVENT, (data) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  // mitt has no prefix wildcard: '*' (every event) is the nearest it offers
  emitter.on('*', (_type, data) => {
    sink.calls++;
    sink.sum += data.userId;
  });
  const runBatch = (from: number, count: number): void => {
    for (let i = from; i < from + count; i++) {
      emitter.emit(EVENT, { userId: i, email: 'ada@example.com' });
    }
    sink.emits += count;
  };
  return { task: { name: 'mitt', runBatch }, sink };
}

export async function run(context: BenchContext): Promise<BenchReport> {
  const subjects = [
    eventBus('EventBus', 10_000),
    // in the app the bus runs on the simulation's clock, whose now() is a field read
    eventBus('EventBus (SimulatedClock)', 10_000, new SimulatedClock(Date.now())),
    eventBus('EventBus (log off)', 0),
    eventEmitter2(),
    mittEmitter(),
  ];
  const rounds = 5;
  const rows = await measureThroughput(
    subjects.map((s) => s.task),
    {
      batchSize: 10_000,
      rounds,
      timeMs: 800,
      warmupMs: 200,
      onRound: (round) => context.log(`round ${round} of ${rounds}: ${subjects.length} tasks`),
    },
  );

  // two listeners each: anything else means a subscription did not match as intended
  const findings = subjects.flatMap(({ task, sink }) =>
    sink.calls === 2 * sink.emits
      ? []
      : [`WARNING: ${task.name} made ${sink.calls} listener calls for ${sink.emits} emits`],
  );
  const checksum = subjects.reduce((total, { sink }) => total + sink.sum, 0);

  return {
    title: 'EventBus.emit',
    rows,
    comparisons: [
      { subject: 'EventBus', anchors: ['eventemitter2', 'mitt'] },
      { subject: 'EventBus (SimulatedClock)', anchors: ['eventemitter2', 'mitt'] },
      { subject: 'EventBus (log off)', anchors: ['eventemitter2', 'mitt'] },
    ],
    notes: [
      `emit '${EVENT}' with a fresh { userId, email } object; listeners on '${EVENT}' and 'user.*'`,
      "mitt has no prefix wildcard, so its second listener is on '*' (every event)",
      'EventBus: RealClock (Date.now() per emit), default logCapacity 10,000 (log on); "log off" is logCapacity 0',
      'EventBus (SimulatedClock): the clock the labs run on, log on; the gap to "EventBus" is the cost of Date.now()',
      'eventemitter2 and mitt take no timestamp and keep no log',
      `ops/s = emits / time over ${rounds} rounds (order rotated), timed in batches of 10,000 emits`,
      `rme pools the rounds; crossOriginIsolated=${self.crossOriginIsolated} (performance.now resolution)`,
      `listener checksum ${checksum} (read so no listener can be optimised away)`,
    ],
    findings,
  };
}
