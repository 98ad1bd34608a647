import type { Clock } from '../clock';
import type { SagaService } from './service';
import { commandQueue, type SagaTransport } from './transport';

/**
 * Puts a service on its command queue: it runs each command and sends the reply to the
 * queue the command names, held back when a timeout fault says so. Returns a stop function.
 */
export function serveCommands(
  service: SagaService,
  transport: SagaTransport,
  clock: Clock,
): () => void {
  let stopped = false;
  const stop = transport.consume(commandQueue(service.name), async (message) => {
    if (message.kind !== 'command') return;
    const { reply, delayMs } = await service.handle(message.command);
    if (stopped) return;
    const send = () => {
      if (!stopped) transport.send(message.replyTo, { kind: 'reply', reply, from: service.name });
    };
    if (delayMs > 0) clock.setTimeout(send, delayMs);
    else send();
  });
  return () => {
    stopped = true;
    stop();
  };
}
