import { opaqueModel, type ServiceModel } from '../serviceModel';
import { inventoryModel } from './inventory';
import { paymentModel } from './payment';
import { shippingModel } from './shipping';

/**
 * One of the shop's services as data: what a worker needs to build the same model as the
 * page (src/workers/sagaService.ts), since a function cannot cross a postMessage.
 */
export type ShopModelSpec =
  | { readonly name: 'inventory'; readonly stock: Readonly<Record<string, number>> }
  | { readonly name: 'payment'; readonly declineOver?: number }
  | { readonly name: 'shipping' };

/** The shop service a spec describes; throws on a spec that is none of them. */
export function shopModel(spec: ShopModelSpec): ServiceModel<unknown> {
  switch (spec.name) {
    case 'inventory':
      return opaqueModel(inventoryModel(spec.stock));
    case 'payment':
      return opaqueModel(
        paymentModel(spec.declineOver === undefined ? {} : { declineOver: spec.declineOver }),
      );
    case 'shipping':
      return opaqueModel(shippingModel());
    default:
      throw new Error(`No shop service "${String((spec as { name?: unknown }).name)}"`);
  }
}

/** The shop's three services, as the saga runtime opens them. */
export function shopModelSpecs(
  stock: Readonly<Record<string, number>>,
  declineOver?: number,
): ShopModelSpec[] {
  return [
    { name: 'inventory', stock },
    { name: 'payment', ...(declineOver === undefined ? {} : { declineOver }) },
    { name: 'shipping' },
  ];
}
