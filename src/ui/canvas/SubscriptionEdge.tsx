import { EdgeLabelRenderer, type EdgeProps } from '@xyflow/react';
import { patternKind } from '../../engine/bus';
import { useT } from '../i18n';
import { useSession, useSessionState } from '../lab/session';
import { curvedPath, parallelOffset } from './edgeGeometry';
import { TrackedEdge } from './TrackedEdge';
import type { SubscriptionFlowEdge } from './toFlow';

/**
 * A subscription, drawn from the bus to its listener: solid for an exact pattern, dashed for
 * a `prefix.*`, dotted for `*`. Its label is a button that unsubscribes and subscribes again.
 */
export function SubscriptionEdge(props: EdgeProps<SubscriptionFlowEdge>) {
  const { t } = useT();
  const session = useSession();
  const subscription = props.data?.subscription;
  const active = useSessionState((s) => s.snapshot.subscriptions[props.id]?.active ?? false);
  const { path, labelX, labelY } = curvedPath(
    props,
    parallelOffset(props.data?.parallelIndex ?? 0, props.data?.parallelCount ?? 1),
  );
  if (subscription === undefined) return null;
  const kind = patternKind(subscription.pattern);
  const action = active
    ? `Unsubscribe ${subscription.listener} from ${subscription.pattern}`
    : `Subscribe ${subscription.listener} to ${subscription.pattern}`;
  return (
    <>
      <TrackedEdge
        id={props.id}
        path={path}
        className={`edge-sub edge-${kind}${active ? '' : ' is-inactive'}`}
        markerEnd={props.markerEnd}
        kind={kind}
      />
      <EdgeLabelRenderer>
        <button
          type="button"
          className={`edge-label nodrag nopan label-${kind}${active ? '' : ' is-inactive'}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          aria-label={action}
          aria-pressed={active}
          title={`${action} (${t(kind)})`}
          onClick={() => session.setSubscriptionActive(props.id, !active)}
        >
          <span className="mono">{subscription.pattern}</span>
          {!active && <span className="edge-label-note">{t('unsubscribed')}</span>}
        </button>
      </EdgeLabelRenderer>
    </>
  );
}
