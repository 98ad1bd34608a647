/** Small inline icons: no icon font, so they render the same on every machine. */
const common = { width: 14, height: 14, viewBox: '0 0 16 16' } as const;

export function PlayIcon() {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
    </svg>
  );
}

export function PauseIcon() {
  return (
    <svg {...common} aria-hidden="true">
      <rect x="3.5" y="2.5" width="3" height="11" rx="1" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="1" fill="currentColor" />
    </svg>
  );
}

export function StepIcon() {
  return (
    <svg {...common} aria-hidden="true">
      <path d="M3 2.5v11l7.5-5.5z" fill="currentColor" />
      <rect x="11" y="2.5" width="2.5" height="11" rx="1" fill="currentColor" />
    </svg>
  );
}
