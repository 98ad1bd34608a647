import { Link } from 'react-router';
import { isBuilt, LABS } from '../labs/catalog';
import { useT } from './i18n';

export function HomePage() {
  const { t, pick } = useT();
  return (
    <main className="home">
      <section className="hero">
        <h1>EventLab</h1>
        <p>{t('tagline')}</p>
      </section>
      <h2 className="section-title">{t('labs')}</h2>
      <ol className="lab-grid">
        {LABS.map((lab) => {
          const ready = isBuilt(lab);
          return (
            <li key={lab.id} className={ready ? 'lab-card' : 'lab-card is-planned'}>
              <div className="lab-card-meta">
                <span>
                  {t('task')} {lab.courseTask}
                </span>
                <span>{pick(lab.level)}</span>
              </div>
              <h3>
                {ready ? (
                  <Link to={`/labs/${lab.id}`}>{pick(lab.title)}</Link>
                ) : (
                  <span>{pick(lab.title)}</span>
                )}
              </h3>
              <p>{pick(lab.summary)}</p>
              {!ready && <span className="badge">{t('planned')}</span>}
            </li>
          );
        })}
      </ol>
    </main>
  );
}
