import { Link } from 'react-router';
import { useT } from './i18n';

export function NotFound({ message }: { readonly message?: string }) {
  const { t } = useT();
  return (
    <main className="not-found">
      <h1>{message ?? t('notFound')}</h1>
      <Link to="/">{t('backHome')}</Link>
    </main>
  );
}
