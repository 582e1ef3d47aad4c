// Who may not update what: for each agency, the actions and parts it does not
// coordinate (docs/decisions/0006), and generators for an update someone has no right to.
import fc from 'fast-check';
import { readPlanFile } from '../../../src/core/plan/load-plan.js';

const plan = readPlanFile();

/** Items none of `agencies` coordinates (every item for someone in no agency). */
export function foreignItems(agencies: readonly string[]): string[] {
  return plan.items().filter((i) => !i.coordinators.some((a) => agencies.includes(a))).map((i) => i.id);
}

/** Items one of `agencies` coordinates. */
export function ownItems(agencies: readonly string[]): string[] {
  return plan.items().filter((i) => i.coordinators.some((a) => agencies.includes(a))).map((i) => i.id);
}

/** Status and reason that pass every check before permissions (a reason where one is needed). */
export const permittedShape = fc.constantFrom(
  ['on-track', 'Forged progress'], ['complete', 'All done'], ['done', ''], ['green', ''], ['not-started', ''],
  ['at-risk', 'Waiting on legal advice'], ['off-track', 'Stalled'], ['amber', 'Slipping <!channel>'],
) as fc.Arbitrary<[string, string]>;

/** An update of an item outside `agencies`, as { itemId, status, note }. */
export function forbiddenUpdate(agencies: readonly string[]) {
  return fc.record({ itemId: fc.constantFrom(...foreignItems(agencies)), shape: permittedShape }).map(({ itemId, shape: [status, note] }) => ({ itemId, status, note }));
}
