// Sends Teams activities to a bot's /api/messages (local mode: loopback, no
// token) and reads the person's answer: the cards the bot posted to the
// recording connector as replies to that activity.
import type http from 'node:http';
import { cardOf, cardText, cardTitle, message, type Person } from '../teams/support/activities.js';
import { isDeliveredMessage, type FakeConnector, type Recorded } from '../teams/support/fake-connector.js';
import { postHttp } from './http-client.js';
import { RecordIndex } from './record-index.js';

export interface TeamsAnswer {
  status: number;
  /** Until the bot answered the HTTP request (it has sent its reply by then). */
  ms: number;
  /** The reply's first card title ('' when no reply arrived). */
  title: string;
  /** Every card's words, joined. */
  text: string;
  error?: string;
}

export interface TeamsRequest {
  activity: ReturnType<typeof message>;
  /** The request key the bot stores an update under. */
  key: string;
  /** Where this delivery's replies arrive (the connector's `via` route). */
  route: string;
}

export class TeamsClient {
  private readonly replies: RecordIndex<Recorded>;
  /** Each request's own route on the connector: replies to two deliveries of one activity, in flight at once, stay apart. */
  private routes = 0;

  /** `serviceUrl`: where the bot sends replies (the connector, or a fault proxy in front of it). */
  constructor(private readonly agent: http.Agent, connector: FakeConnector, private readonly serviceUrl: string) {
    this.replies = new RecordIndex(connector.requests, (r) => (r.method === 'POST' && r.activityId ? `${r.via ?? ''}|${r.conversationId}|${r.activityId}` : undefined));
  }

  /** The same activity delivered again (a Teams re-send: same id), its replies on a route of its own. */
  again(req: TeamsRequest): TeamsRequest {
    const route = `r${++this.routes}`;
    return { ...req, activity: { ...req.activity, serviceUrl: this.routed(route) }, route };
  }

  private routed(route: string): string {
    return `${this.serviceUrl.replace(/\/?$/, '/')}via/${route}/`;
  }

  request(p: { person: Person; text: string; conversation: string; type?: 'personal' | 'groupChat' | 'channel'; activityId: string; teamId?: string }): TeamsRequest {
    const type = p.type ?? 'personal';
    const route = `r${++this.routes}`;
    const activity = message(this.routed(route), p.person, p.text, {
      id: p.conversation, type, activityId: p.activityId, ...(p.teamId ? { teamId: p.teamId } : {}),
    });
    return { activity, key: `teams:${p.conversation}:${p.activityId}`, route };
  }

  async send(botUrl: string, req: TeamsRequest): Promise<TeamsAnswer> {
    const res = await postHttp(this.agent, `${botUrl}/api/messages`, { 'content-type': 'application/json' }, JSON.stringify(req.activity), 60_000);
    const key = `${req.route}|${req.activity.conversation.id}|${req.activity.id}`;
    let records = this.replies.takeAll(key, isDeliveredMessage);
    if (records.length === 0 && res.error) {
      // The HTTP request gave up; the bot may still post its reply (Teams shows it whenever it comes).
      const late = await this.replies.next(key, isDeliveredMessage, 30_000);
      records = late ? [late, ...this.replies.takeAll(key, isDeliveredMessage)] : [];
    }
    const cards = records.map((r) => cardOf(r.body));
    return {
      status: res.status,
      ms: res.ms,
      title: cards[0] ? cardTitle(cards[0]) : '',
      text: cards.map(cardText).join('\n'),
      ...(res.error ? { error: res.error } : {}),
    };
  }
}
