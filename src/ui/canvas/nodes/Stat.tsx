import type { ReactNode } from 'react';

interface StatProps {
  readonly label: string;
  readonly value: ReactNode;
  /** marks the figure as bad news (failures, dead letters) when it is not zero */
  readonly bad?: boolean;
  readonly testId?: string;
}

/** One figure on a node: a small label over a number. Goes inside `<dl className="stats">`. */
export function Stat({ label, value, bad = false, testId }: StatProps) {
  return (
    <div className={bad ? 'is-bad' : undefined}>
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
