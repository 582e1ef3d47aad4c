// Milestones: dated steps on an action or part. Nothing is edited in place:
// each add, done, move and removal is appended with who and why, and a
// milestone's state is worked out from its events.
import type { RecordedActor } from '../store-port.js';

export type MilestoneEventKind = 'add' | 'done' | 'move' | 'remove';

export interface NewMilestoneEvent {
  itemId: string;
  kind: MilestoneEventKind;
  /** For add: the store gives the next number of the item; for the rest, the milestone's number. */
  number?: number;
  /** add: what the milestone is. */
  title?: string;
  /** add and move: the due date, YYYY-MM-DD in the plan's time zone. */
  due?: string;
  /** done: an optional note; move and remove: the reason. */
  note: string;
  by: RecordedActor;
  at: Date;
  /** A retry or replay with the same key is applied once. */
  requestKey: string;
}

export interface MilestoneEvent extends NewMilestoneEvent {
  number: number;
}

export interface MilestoneStore {
  /** Appends an event; an add is numbered. A request key seen before returns the saved event with duplicate=true. */
  record(event: NewMilestoneEvent): Promise<{ event: MilestoneEvent; duplicate: boolean }>;
  /** Every event, oldest first (of one item when given). */
  events(itemId?: string): Promise<MilestoneEvent[]>;
}
