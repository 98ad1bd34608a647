import { describe, expect, it } from 'vitest';
import { Broker } from '../broker';
import { brokerTransport } from './brokerTransport';
import { opaqueModel } from './serviceModel';
import { memoryStores, type RecorderState, recorderModel, SagaWorld, stepsSaga } from './testing';

const models = Array.from({ length: 5 }, (_, i) => opaqueModel(recorderModel(`svc${i + 1}`)));

function overBroker(brokers: Broker[]) {
  return SagaWorld.build({
    mode: 'orchestration',
    definition: stepsSaga(5, { attempts: 2 }),
    models,
    faults: [['svc2', 'undo', { mode: 'fail-times', times: 1 }]],
    openStore: memoryStores(),
    // a reload builds a new broker: its queues and what they held are gone
    transport: (clock, trace) => {
      const broker = new Broker({ clock, trace, id: 'broker' });
      brokers.push(broker);
      return brokerTransport({ broker, clock, trace, hopMs: 10 });
    },
  });
}

describe('orchestration over the broker', () => {
  it('sends commands and replies through queues, each delivery acked once handled', async () => {
    const brokers: Broker[] = [];
    const w = await overBroker(brokers);
    w.start('a', { id: 'a' });
    w.start('b', { id: 'b', failAt: 'svc4' });
    await w.run();
    expect(w.saga('a')?.status).toBe('completed');
    expect(w.saga('b')).toMatchObject({ status: 'aborted', compensated: [2, 1, 0] });
    const broker = brokers[0] as Broker;
    const commands = broker.queueStats('saga-svc2-commands');
    // a, b, and b's undo twice (it failed once)
    expect(commands).toMatchObject({ ready: 0, unacked: 0, acked: 4 });
    expect(broker.queueStats('saga-replies')).toMatchObject({ ready: 0, unacked: 0 });
    // each hop is drawn: orchestrator -> queue -> service -> reply queue -> orchestrator
    const hops = w.recorded
      .ofType('message.sent')
      .filter((e) => e.event === 'svc1.do')
      .map((e) => `${e.from} -> ${e.to}`);
    expect(hops).toEqual([
      'orchestrator -> saga-svc1-commands',
      'orchestrator -> saga-svc1-commands',
      'saga-svc1-commands -> svc1',
      'saga-svc1-commands -> svc1',
    ]);
    expect(
      w.recorded.ofType('message.sent').some((e) => e.from === 'svc1' && e.to === 'saga-replies'),
    ).toBe(true);
  });

  it('a reload in the middle, with messages on the broker, ends as a run without one', async () => {
    const plain = await overBroker([]);
    plain.start('a', { id: 'a' });
    plain.start('b', { id: 'b', failAt: 'svc4' });
    await plain.run();
    const first = await overBroker([]);
    first.start('a', { id: 'a' });
    first.start('b', { id: 'b', failAt: 'svc4' });
    await first.runUntil((e) => e.type === 'saga.compensation-failed');
    const second = await first.restart();
    await second.run();
    const sorted = (w: SagaWorld) =>
      [...w.services.values()].map((s) => {
        const r = s.state as RecorderState;
        return { done: [...r.done].sort(), undone: [...r.undone].sort() };
      });
    expect(second.endState().sagas).toEqual(plain.endState().sagas);
    expect(sorted(second)).toEqual(sorted(plain));
  });
});
