import { useState } from 'react';
import { errorMessage } from '../engine/errors';

/**
 * Runs a command a person asked for and keeps what went wrong, to show next to the control
 * (the engine refuses bad input by throwing, with a message that says why). A command that
 * returns a promise (a write to the durable log) is refused when the promise rejects.
 */
export function useCommand(): [
  error: string | undefined,
  run: (command: () => unknown) => boolean,
] {
  const [error, setError] = useState<string | undefined>();
  const run = (command: () => unknown) => {
    try {
      const result = command();
      setError(undefined);
      if (result instanceof Promise) {
        result.catch((thrown: unknown) => setError(errorMessage(thrown)));
      }
      return true;
    } catch (thrown) {
      setError(errorMessage(thrown));
      return false;
    }
  };
  return [error, run];
}
