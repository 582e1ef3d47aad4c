// Requests as Slack sends them: form-encoded (exactly application/x-www-form-urlencoded)
// or JSON bodies, signed with v0:{timestamp}:{body} under the app's signing secret.
import { createHmac, randomUUID } from 'node:crypto';

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Replace the computed signature (bad-signature tests). */
  signature?: string;
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
  ms: number;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(secret: string, body: string, contentType: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? sign(secret, timestamp, body),
    ...options.headers,
  };
}

export async function postSigned(url: string, secret: string, body: string, contentType: string, options: SignOptions = {}): Promise<SlackResponse> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: signedHeaders(secret, body, contentType, options), body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, ms: performance.now() - started };
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

export interface CommandParams {
  text: string;
  user_id: string;
  user_name?: string;
  channel_id?: string;
  response_url: string;
  trigger_id?: string;
  command?: string;
}

export function slashCommandBody(p: CommandParams): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'T0TSOC',
    team_domain: 'tsoc-test',
    channel_id: p.channel_id ?? 'C0PLAN',
    channel_name: 'tsoc-plan',
    user_id: p.user_id,
    user_name: p.user_name ?? p.user_id.toLowerCase(),
    command: p.command ?? '/tsoc',
    text: p.text,
    api_app_id: 'A0TSOC',
    is_enterprise_install: 'false',
    response_url: p.response_url,
    trigger_id: p.trigger_id ?? `${Date.now()}.${randomUUID()}`,
  }).toString();
}

export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function eventBody(event: Record<string, unknown>, eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`): string {
  return JSON.stringify({
    token: 'verification-token-unused',
    team_id: 'T0TSOC',
    api_app_id: 'A0TSOC',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0TSOC', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/**
 * The mrkdwn and plain text anywhere in a Slack payload, joined (for "is it escaped?" checks). A
 * button's `value` is left out: it is never shown, and comes back on a click exactly as sent.
 */
export function allText(payload: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'value') walk(x);
  };
  walk(payload);
  return out.join('\n');
}
