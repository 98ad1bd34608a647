/**
 * The raw ceiling's worker: it posts back whatever batch it gets, untouched. No handler, no
 * protocol checks, no acks: what is left is the postMessage round trip and the structured
 * clone of the batch, both ways.
 */
interface EchoScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const scope = self as unknown as EchoScope;
scope.addEventListener('message', (event) => scope.postMessage(event.data));
