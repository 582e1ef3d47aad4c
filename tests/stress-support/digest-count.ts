// Counting digests where people see them — at the fake Slack (chat.postMessage
// carrying the delivery key in its metadata) and at the recording connector
// (first pages titled "TSOC Action Plan digest …") — and reading the outcomes
// the scheduler recorded.
import type { Db } from 'mongodb';
import { deliveryKey } from '../../src/core/digest/delivery-port.js';
import { DIGEST_COLLECTIONS } from '../../src/digest-store/digest-collections.js';
import type { FakeSlack } from '../fakes/slack-api.js';
import { cardOf, cardTitle } from '../teams/support/activities.js';
import { isDeliveredMessage, type FakeConnector } from '../teams/support/fake-connector.js';

export interface DigestTarget {
  platform: 'slack' | 'teams';
  channelId: string;
}

export const subscriptionIdOf = (t: DigestTarget) => `${t.platform}:${t.channelId}`;

/**
 * Digests (first pages) each subscription got for `slot`, counted where people see them. Slack:
 * the channel's messages carrying the slot's delivery key, as conversations.history shows them
 * (a call refused with 429/500 posted nothing). Teams: cards delivered into the conversation
 * as new messages (not replies), titled as a digest's first page.
 */
export async function digestsSeen(slack: FakeSlack, connector: FakeConnector, targets: readonly DigestTarget[], slot: Date): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of targets) {
    const id = subscriptionIdOf(t);
    if (t.platform === 'slack') {
      const key = deliveryKey(id, slot);
      const messages = await channelHistory(slack, t.channelId);
      out.set(id, messages.filter((m) => m.metadata?.event_type === 'tsoc_digest' && m.metadata.event_payload?.delivery_key === key).length);
    } else {
      const firstPages = connector.requests.filter((r) => {
        if (!isDeliveredMessage(r) || r.conversationId !== t.channelId || r.activityId || r.method !== 'POST') return false;
        const title = cardTitle(cardOf(r.body));
        return title.startsWith('TSOC Action Plan digest') && !/\((?:[2-9]|\d\d)\/\d+\)$/.test(title);
      });
      out.set(id, firstPages.length);
    }
  }
  return out;
}

interface HistoryMessage {
  ts: string;
  metadata?: { event_type?: string; event_payload?: { delivery_key?: string } };
}

/** What the channel shows: the fake Slack's own conversations.history (what findPosted reads too). */
export async function channelHistory(slack: FakeSlack, channel: string): Promise<HistoryMessage[]> {
  const res = await fetch(`${slack.apiUrl}conversations.history`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel, oldest: '0' }),
  });
  const json = (await res.json()) as { messages?: HistoryMessage[] };
  return json.messages ?? [];
}

export interface Outcome {
  _id: string;
  state: 'sent' | 'failed' | 'unknown';
  attempts: number;
  recovered?: boolean;
  error?: string;
}

/** Waits (bounded) until every subscription has an outcome for `slot`; returns what is there by then. */
export async function waitForOutcomes(db: Db, targets: readonly DigestTarget[], slot: Date, timeoutMs: number): Promise<Map<string, Outcome>> {
  const keys = targets.map((t) => deliveryKey(subscriptionIdOf(t), slot));
  const until = Date.now() + timeoutMs;
  for (;;) {
    const docs = (await db.collection(DIGEST_COLLECTIONS.outcomes).find({ _id: { $in: keys } } as object).toArray()) as unknown as Outcome[];
    const found = new Map(docs.map((d) => [d._id.slice(0, d._id.lastIndexOf('@')), d]));
    if (found.size === keys.length || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 500));
  }
}
