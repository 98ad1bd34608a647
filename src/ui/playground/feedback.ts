/** What the files panel says after an action: done, or refused with the reason (as text). */
export interface Feedback {
  readonly tone: 'done' | 'refused';
  readonly text: string;
}

export interface Report {
  done(text: string): void;
  refused(text: string): void;
}
