/** One figure on a node: its label and value, with a test id to read it by. */
export function SagaStat({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: string | number;
  testId?: string;
  tone?: 'bad' | 'undo' | undefined;
}) {
  return (
    <div className={tone ? `saga-stat is-${tone}` : 'saga-stat'}>
      <dt>{label}</dt>
      <dd className="mono" {...(testId ? { 'data-testid': testId } : {})}>
        {value}
      </dd>
    </div>
  );
}
