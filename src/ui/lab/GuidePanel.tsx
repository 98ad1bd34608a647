import { GuideView } from './GuideView';
import { useSession } from './session';

export function GuidePanel() {
  return <GuideView guide={useSession().scenario.guide} />;
}
