import type { ServiceState } from '../../../engine/sim';
import { useT } from '../../i18n';
import { Stat } from './Stat';

/** What a service listener has done: the notifications it sent, or its counts. */
export function ServiceStateView({ state }: { state: ServiceState }) {
  const { t } = useT();
  switch (state.kind) {
    case 'record':
      return null;
    case 'notification':
      return state.sent.length === 0 ? null : (
        <ul className="sent-list" aria-label="Sent notifications">
          {state.sent.slice(0, 2).map((n) => (
            <li key={`${n.at}-${n.text}`} className={`sent-${n.channel}`}>
              {n.text}
            </li>
          ))}
        </ul>
      );
    case 'analytics':
      return (
        <dl className="stats analytics" aria-label="Analytics">
          <Stat label={t('orders')} value={state.orders} testId="analytics-orders" />
          <Stat label={t('payments')} value={state.payments} testId="analytics-payments" />
          <Stat
            label={t('revenue')}
            value={
              Object.entries(state.revenue)
                .map(([currency, sum]) => `${sum.toLocaleString('en')} ${currency}`)
                .join(', ') || '0'
            }
            testId="analytics-revenue"
          />
        </dl>
      );
  }
}
