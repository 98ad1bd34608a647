import { useStrings } from '../../i18n';

/** The words of the saga and service nodes (en/uk). */
const SAGA_NODE_STRINGS = {
  kindSaga: { en: 'Saga', uk: 'Сага' },
  kindService: { en: 'Service', uk: 'Сервіс' },
  orchestration: { en: 'orchestration', uk: 'оркестрація' },
  choreography: { en: 'choreography', uk: 'хореографія' },
  running: { en: 'running', uk: 'триває' },
  compensating: { en: 'compensating', uk: 'компенсується' },
  completed: { en: 'completed', uk: 'завершено' },
  aborted: { en: 'aborted', uk: 'скасовано' },
  kept: { en: 'kept', uk: 'утримано' },
  delivered: { en: 'delivered', uk: 'доставлено' },
  sagasRunning: { en: '(sagas running)', uk: '(саги тривають)' },
  connectServices: { en: 'Connect it to its services', uk: 'З’єднайте її з її сервісами' },
  held: { en: 'held', uk: 'зарезервовано' },
  charged: { en: 'charged', uk: 'списано' },
  refunded: { en: 'refunded', uk: 'повернено' },
  deliveries: { en: 'deliveries', uk: 'доставки' },
  cancelled: { en: 'cancelled', uk: 'скасовані' },
  fails: { en: 'fails', uk: 'збоїть' },
} as const;

export function useSagaNodeT() {
  return useStrings(SAGA_NODE_STRINGS);
}
