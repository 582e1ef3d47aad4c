// The plan as the rest of the code reads it: a small read-only helper over
// data that loadPlan (load-plan.ts) has already validated.
import type { Action, Agency, Part, PlanData } from './plan-schema.js';

/** One addressable item: an action without parts ("7") or a part ("13b"). */
export interface PlanItem {
  id: string;
  action: Action;
  part?: Part;
  coordinators: string[];
  text: string;
  /** The name the source gives a part (only 1a and 1b have one). */
  title?: string;
  /**
   * The item's own success statements. For a part, only statements the source
   * attributes to that part (1a, 1b); other parts' statements sit on `action.success`.
   */
  success: string[];
}

type ActionRef = Action | number;

export class Plan {
  readonly title: string;
  readonly version: string;
  readonly agencies: Agency[];
  readonly actions: Action[];
  private readonly agencyById = new Map<string, Agency>();
  private readonly actionByNumber = new Map<number, Action>();
  private readonly itemList: PlanItem[] = [];
  private readonly itemById = new Map<string, PlanItem>();

  /** Expects data already checked by loadPlan; use loadPlan/readPlanFile rather than this. */
  constructor(readonly data: PlanData) {
    this.title = data.title;
    this.version = data.version;
    this.agencies = data.agencies;
    this.actions = data.actions;
    for (const agency of data.agencies) this.agencyById.set(agency.id, agency);
    for (const action of data.actions) {
      this.actionByNumber.set(action.number, action);
      if (action.parts.length === 0) {
        this.addItem({
          id: String(action.number),
          action,
          coordinators: action.coordinators,
          text: action.text,
          success: action.success,
        });
      } else {
        for (const part of action.parts) {
          this.addItem({
            id: `${action.number}${part.letter}`,
            action,
            part,
            coordinators: part.coordinators,
            text: part.text,
            ...(part.title !== undefined ? { title: part.title } : {}),
            success: part.success,
          });
        }
      }
    }
  }

  private addItem(item: PlanItem): void {
    this.itemList.push(item);
    this.itemById.set(item.id, item);
  }

  agency(id: string): Agency | undefined {
    return this.agencyById.get(id);
  }

  action(n: number): Action | undefined {
    return this.actionByNumber.get(n);
  }

  /** Every addressable item in plan order: actions without parts, and parts. */
  items(): PlanItem[] {
    return this.itemList.slice();
  }

  /** An item by id: "7", "13b" (case and surrounding/inner whitespace ignored). */
  item(id: string | number): PlanItem | undefined {
    return this.itemById.get(String(id).replace(/\s+/g, '').toLowerCase());
  }

  /** An action's coordinating agency ids: its own, or the union of its parts' in first-seen order. */
  coordinatorsOf(ref: ActionRef): string[] {
    const action = this.resolve(ref);
    if (!action) return [];
    if (action.parts.length === 0) return action.coordinators.slice();
    const seen = new Set<string>();
    for (const part of action.parts) for (const id of part.coordinators) seen.add(id);
    return [...seen];
  }

  /** The item ids an action contributes: ["7"] or ["13a", "13b", "13c"]. */
  itemIdsOf(ref: ActionRef): string[] {
    const action = this.resolve(ref);
    if (!action) return [];
    return action.parts.length === 0
      ? [String(action.number)]
      : action.parts.map((p) => `${action.number}${p.letter}`);
  }

  private resolve(ref: ActionRef): Action | undefined {
    return typeof ref === 'number' ? this.actionByNumber.get(ref) : ref;
  }
}
