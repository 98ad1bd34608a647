import type { NodeProps } from '@xyflow/react';
import { useT } from '../../i18n';
import type { ScenarioFlowNode } from '../toFlow';
import { NodeShell } from './NodeShell';

/** A service outside the lab that sends webhooks; its requests come from the panel or curl. */
export function ExternalNode({ data }: NodeProps<ScenarioFlowNode>) {
  const { t } = useT();
  return <NodeShell node={data.node} kindLabel={t('kindExternal')} outputs />;
}
