import { useSagaT } from '../strings';

/** Where the orchestrator stands in the other mode: in choreography, no one does. */
export function NoteNode() {
  const { text: s } = useSagaT();
  return (
    <p className="saga-note" data-testid="node-no-orchestrator">
      {s('noController')}
    </p>
  );
}
