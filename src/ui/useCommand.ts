import { useState } from 'react';
import { errorMessage } from '../engine/errors';

/**
 * Runs a command a person asked for and keeps what went wrong, to show next to the control
 * (the engine refuses bad input by throwing, with a message that says why).
 */
export function useCommand(): [error: string | undefined, run: (command: () => void) => boolean] {
  const [error, setError] = useState<string | undefined>();
  const run = (command: () => void) => {
    try {
      command();
      setError(undefined);
      return true;
    } catch (thrown) {
      setError(errorMessage(thrown));
      return false;
    }
  };
  return [error, run];
}
