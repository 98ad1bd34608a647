import type { ScenarioProblem } from './parse';

/**
 * Why a scenario file, link or text was refused: a value, never thrown. `message` is for a
 * person (show it as text); the other fields are for code and tests.
 */
export type ScenarioFileError =
  | {
      readonly kind: 'too-large';
      readonly bytes: number;
      readonly limit: number;
      readonly message: string;
    }
  | { readonly kind: 'unreadable'; readonly message: string }
  | { readonly kind: 'not-json'; readonly message: string }
  | {
      readonly kind: 'too-deep';
      readonly limit: number;
      /** where the limit was crossed, 1-based as an editor counts */
      readonly line: number;
      readonly column: number;
      readonly message: string;
    }
  | {
      readonly kind: 'forbidden-key';
      readonly key: string;
      readonly path: string;
      readonly message: string;
    }
  | { readonly kind: 'unsupported-version'; readonly version: number; readonly message: string }
  | { readonly kind: 'migration-failed'; readonly from: number; readonly message: string }
  | {
      readonly kind: 'invalid';
      readonly problems: readonly ScenarioProblem[];
      readonly message: string;
    }
  | {
      readonly kind: 'link-too-long';
      readonly length: number;
      readonly limit: number;
      readonly message: string;
    }
  /** the link has no `#scenario=` part: open the page as it is, without a scenario */
  | { readonly kind: 'no-scenario'; readonly message: string }
  | { readonly kind: 'bad-link'; readonly message: string };

export type ScenarioFileErrorKind = ScenarioFileError['kind'];

export type ScenarioFileResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ScenarioFileError };

export function fail<T>(error: ScenarioFileError): ScenarioFileResult<T> {
  return { ok: false, error };
}

/** 5242880 -> "5 MB", 1536 -> "1.5 KB": sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

export function invalidScenario(problems: readonly ScenarioProblem[]): ScenarioFileError {
  // a message may quote the file (a handler name): cut short, it stays readable
  const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
  const shown = problems.slice(0, 10).map((p) => `${p.field}: ${cut(p.message)}`);
  const more = problems.length > 10 ? [`… and ${problems.length - 10} more`] : [];
  return {
    kind: 'invalid',
    problems,
    message: `This is not a valid scenario: ${[...shown, ...more].join('; ')}`,
  };
}
