// The audit log as the bot and the CLI open it: the chain over the database's
// write path (one at a time on FerretDB, like every other write), and the
// wrappers that put each change into it.
import os from 'node:os';
import type { Db } from 'mongodb';
import type { AwayStore } from '../core/away-port.js';
import type { DigestStore } from '../core/digest/digest-port.js';
import type { MilestoneStore } from '../core/milestones/milestone-port.js';
import type { PlanStore } from '../core/store-port.js';
import type { WriteQueue } from '../store/write-queue.js';
import { auditedAwayStore, auditedDigestStore, auditedMilestoneStore, auditedPlanStore, type AuditContext } from './audited-stores.js';
import { MongoAuditChain } from './mongo-audit-chain.js';

export interface AuditLog extends AuditContext {
  plan(store: PlanStore): PlanStore;
  milestones(store: MilestoneStore): MilestoneStore;
  away(store: AwayStore): AwayStore;
  digests(store: DigestStore): DigestStore;
}

export function openAudit(db: Db, options: { timeZone: string; writes: WriteQueue; instance?: string; now?: () => Date }): AuditLog {
  const chain = new MongoAuditChain(db, { timeZone: options.timeZone, writes: options.writes, ...(options.now ? { now: options.now } : {}) });
  const ctx: AuditContext = { chain, instance: options.instance ?? `${os.hostname()}:${process.pid}`, ...(options.now ? { now: options.now } : {}) };
  return {
    ...ctx,
    plan: (s) => auditedPlanStore(s, ctx),
    milestones: (s) => auditedMilestoneStore(s, ctx),
    away: (s) => auditedAwayStore(s, ctx),
    digests: (s) => auditedDigestStore(s, ctx),
  };
}
