// App Home: the viewer's agency's actions with their current status and an
// "Update status" button each, published when the tab is opened and after a save.
import type { App } from '@slack/bolt';
import type { Actor } from '../../core/identity.js';
import { StoreUnavailableError, type StatusUpdate } from '../../core/store-port.js';
import type { SlackContext } from '../context.js';
import { homeView } from '../views.js';
import { updatedBy } from '../../core/describe.js';
import { foldMilestones, overdueByItem, todayIso } from '../../core/milestones/milestone-model.js';
import { awaitingSignOff } from '../../core/status.js';

export async function publishHome(ctx: SlackContext, userId: string, userName?: string, notice?: string): Promise<void> {
  let actor: Actor | undefined;
  let statuses: Map<string, StatusUpdate> | undefined;
  let problem: string | undefined;
  let overdue: Map<string, number> | undefined;
  let awaiting: { itemId: string; line: string }[] | undefined;
  try {
    const identity = await ctx.users.identity(userId, userName);
    if (identity.lookupFailed) problem = 'Slack did not tell me who you are just now; reopen this tab in a minute.';
    if (identity.emailWithheld) problem = `${identity.emailWithheld}, so I can't tell which agency you belong to: you can look things up but not update. Confirm it in Slack, then reopen this tab.`;
    const { lookupFailed: _ignored, emailWithheld: _withheld, ...who } = identity;
    actor = await ctx.engine.actor(who);
    const mine = ctx.plan.items().filter((i) => i.coordinators.some((id) => actor!.agencies.includes(id)));
    if (mine.length) statuses = await ctx.store.currentStatuses(undefined, mine.map((i) => i.id));
    if (ctx.engine.milestones) {
      const late = overdueByItem(foldMilestones(await ctx.engine.milestones.events()), todayIso(new Date(), ctx.timeZone));
      overdue = new Map([...late].map(([id, list]) => [id, list.length]));
    }
    if (actor.steward) {
      // Stewards see what waits for their sign-off, whoever coordinates it.
      const all = await ctx.store.currentStatuses();
      awaiting = ctx.plan.items().flatMap((i) => {
        const u = all.get(i.id);
        return u && awaitingSignOff(u) ? [{ itemId: i.id, line: `${i.id}: ${u.note} (${updatedBy(u, ctx.plan, ctx.timeZone)})` }] : [];
      });
    }
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) ctx.logger.error('slack app home failed', { user: userId, error: err });
    problem = 'The database is not reachable right now, so statuses are not shown. Reopen this tab in a minute.';
  }
  try {
    await ctx.api.views.publish({
      user_id: userId,
      view: homeView({ plan: ctx.plan, timeZone: ctx.timeZone, ...(actor ? { actor } : {}), ...(statuses ? { statuses } : {}), ...(problem ? { problem } : {}),
        ...(overdue ? { overdue } : {}), ...(awaiting ? { awaiting } : {}), ...(notice ? { notice } : {}) }),
    });
  } catch (err) {
    ctx.logger.warn('slack views.publish failed', { user: userId, error: err });
  }
}

export function registerAppHome(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(ctx, event.user);
  });
}
