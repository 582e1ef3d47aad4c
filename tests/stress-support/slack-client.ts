// Sends /tsoc slash commands as Slack does (signed form bodies, a response_url
// on the fake Slack) and gets the person's answer: from the acknowledgement,
// or — when the bot acknowledged empty inside Slack's 3 s — from the
// response_url post that followed ("late").
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { FakeSlack, ResponseUrlPost } from '../fakes/slack-api.js';
import { FORM, allText, signedHeaders, slashCommandBody } from '../support/slack-requests.js';
import { postHttp } from './http-client.js';
import { RecordIndex } from './record-index.js';

export interface SlackRequest {
  body: string;
  headers: Record<string, string>;
  /** The request key the bot stores an update under (from the trigger id). */
  key: string;
  responseId: string;
}

export interface SlackAnswer {
  status: number;
  /** Until the acknowledgement (Slack needs it within 3 s). */
  ackMs: number;
  /** Until the person had the answer (the ack, or the response_url post). */
  answerMs: number;
  late: boolean;
  /** Every text in the answer, joined; '' when none came. */
  text: string;
  error?: string;
}

export class SlackClient {
  readonly responses: RecordIndex<ResponseUrlPost>;

  constructor(private readonly agent: http.Agent, private readonly fake: FakeSlack, private readonly secret: string, private readonly lateWaitMs = 30_000) {
    this.responses = new RecordIndex(fake.responses, (r) => r.id);
  }

  /** A new signed /tsoc request (a new trigger id, so a new request key). */
  request(p: { text: string; userId: string; userName?: string; channelId: string }): SlackRequest {
    const responseId = randomUUID();
    const trigger = `${Date.now()}.${randomUUID()}`;
    const body = slashCommandBody({
      text: p.text, user_id: p.userId, user_name: p.userName ?? p.userId.toLowerCase(), channel_id: p.channelId,
      response_url: this.fake.responseUrl(responseId), trigger_id: trigger,
    });
    return { body, headers: signedHeaders(this.secret, body, FORM), key: `slack:command:${trigger}`, responseId };
  }

  /** Sends a request (a new one, or one sent before: a replay); `extraHeaders` e.g. X-Slack-Retry-Num. */
  async send(botUrl: string, req: SlackRequest, extraHeaders: Record<string, string> = {}): Promise<SlackAnswer> {
    const sentAt = Date.now();
    const res = await postHttp(this.agent, `${botUrl}/slack/events`, { ...req.headers, ...extraHeaders }, req.body);
    const base = { status: res.status, ackMs: res.ms, answerMs: res.ms, late: false, ...(res.error ? { error: res.error } : {}) };
    if (res.status !== 200) return { ...base, text: res.text };
    if (res.text !== '') {
      let json: unknown;
      try {
        json = JSON.parse(res.text);
      } catch {
        return { ...base, text: res.text, error: 'acknowledgement is not JSON' };
      }
      return { ...base, text: allText(json) };
    }
    // Acknowledged empty: the answer comes through response_url (ephemeral; an in-channel post there is an announcement).
    const post = await this.responses.next(req.responseId, (r) => r.body.response_type !== 'in_channel' && r.at >= sentAt, this.lateWaitMs);
    return { ...base, late: true, answerMs: post ? Math.max(res.ms, post.at - sentAt) : Number.NaN, text: post ? allText(post.body) : '' };
  }

  close(): void {
    this.responses.close();
  }
}
