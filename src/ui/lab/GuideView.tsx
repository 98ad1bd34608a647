import type { Scenario } from '../../engine/scenario';
import { useT } from '../i18n';

/** A lab's guide: what the course says, and what to try. */
export function GuideView({ guide }: { guide: Scenario['guide'] }) {
  const { t, pick } = useT();
  return (
    <section className="panel guide" aria-label={t('guide')}>
      <h2>{t('guide')}</h2>
      <p>{pick(guide.intro)}</p>
      <h3>{t('points')}</h3>
      <ul>
        {guide.points.map((point) => (
          <li key={point.en}>{pick(point)}</li>
        ))}
      </ul>
      <h3>{t('tryIt')}</h3>
      <ol>
        {guide.tryIt.map((step) => (
          <li key={step.en}>{pick(step)}</li>
        ))}
      </ol>
    </section>
  );
}
