import { afterEach, describe, expect, it, vi } from 'vitest';
import { sagaStoreName } from './sagaRuns';

describe('the name of a mode’s current saga log', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('counts the runs started over', () => {
    vi.stubGlobal('localStorage', { getItem: () => '2' });
    expect(sagaStoreName('choreography')).toBe('saga-choreography-2');
  });

  it('is the first run’s when the page may not read its storage', () => {
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    expect(sagaStoreName('orchestration')).toBe('saga-orchestration');
  });
});
