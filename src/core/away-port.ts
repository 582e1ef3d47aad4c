// Time away: a person says they are away until a date (no nudges until then)
// or that they are back. Append-only, like every record of what people said.
import type { RecordedActor } from './store-port.js';

export interface TimeAwayChange {
  /** Whose time away (lower-case verified email). */
  email: string;
  effect: 'away' | 'back';
  /** For `away`: the first day back, as the start of that day in the plan's time zone. */
  until?: Date;
  note: string;
  by: RecordedActor;
  at: Date;
}

export interface TimeAway {
  email: string;
  displayName: string;
  agencies: string[];
  until: Date;
  note: string;
}

export interface AwayStore {
  record(change: TimeAwayChange): Promise<void>;
  /** Everyone away at `now` (their latest change says away, until a later time), by email. */
  awayAt(now: Date): Promise<Map<string, TimeAway>>;
}
