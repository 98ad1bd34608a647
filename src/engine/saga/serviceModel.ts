/**
 * A participant's business logic over its local store, pure: the SagaService around it adds
 * idempotency, durability and faults. A forward action may refuse (out of stock, declined):
 * that is the service's answer and is kept as the command's outcome. An undo cannot refuse:
 * a saga must be able to go back.
 */
export type Outcome<S> =
  | { readonly ok: true; readonly state: S; readonly result?: unknown }
  | { readonly ok: false; readonly reason: string };

export interface ServiceModel<S> {
  readonly name: string;
  initial(): S;
  readonly actions: Readonly<Record<string, (state: S, data: unknown) => Outcome<S>>>;
  readonly compensations: Readonly<Record<string, (state: S, data: unknown) => S>>;
}

/**
 * The same model with its state type forgotten, to keep models of several services in one
 * list. Safe: a service hands its model only the state that model made.
 */
export function opaqueModel<S>(model: ServiceModel<S>): ServiceModel<unknown> {
  return model as unknown as ServiceModel<unknown>;
}
