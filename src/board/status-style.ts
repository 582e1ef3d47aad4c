// How a status looks on the board: always its words, with a shape beside the
// colour, so nobody needs to tell colours apart. Colours pass 4.5:1 contrast
// against white for text and 3:1 for chart marks.
import { STATUS_LABELS, type Status } from '../core/status.js';

export const STATUS_COLOURS: Record<Status, string> = {
  'not-started': '#6b6b6b',
  'on-track': '#1b7a3e',
  'at-risk': '#a35a00',
  'off-track': '#b3261e',
  complete: '#1d4f91',
};

/** A shape per status, shown before the words (decorative: the words carry the meaning). */
export const STATUS_SYMBOLS: Record<Status, string> = {
  'not-started': '○',
  'on-track': '●',
  'at-risk': '▲',
  'off-track': '■',
  complete: '✓',
};

export function statusLabel(status: Status): string {
  return STATUS_LABELS[status];
}
