// Reading an activity from a node:http request: a bounded JSON body, then the
// checks and date fields botbuilder's own HTTP entry point applies.
import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';

/** Teams messages are at most ~80 KB; anything far beyond that is not an activity. */
export const MAX_BODY_BYTES = 512 * 1024;

export class BodyError extends Error {
  override name = 'BodyError';
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/** Reads and parses a JSON object body; throws BodyError (400/413) for anything else. */
export async function readJsonObject(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new BodyError(413, `body larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'body is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BodyError(400, 'body is not a JSON object');
  return parsed as Record<string, unknown>;
}

const hasId = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string' && (v as { id: string }).id !== '';

function isHttpUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

/**
 * What is wrong with an activity the handlers could not serve: teams-ai keys every turn on
 * channelId, recipient.id, conversation.id and from.id; replies and member look-ups go to
 * serviceUrl (without one, botbuilder would call Microsoft's default host); text and entities
 * are read as a string and a list of objects. Undefined when the activity is usable.
 */
function activityProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.channelId !== 'string' || body.channelId === '') return 'no channelId';
  for (const field of ['from', 'recipient', 'conversation'] as const) if (!hasId(body[field])) return `no ${field}.id`;
  if (!isHttpUrl(body.serviceUrl)) return 'no http(s) serviceUrl';
  if (body.text !== undefined && body.text !== null && typeof body.text !== 'string') return 'text is not a string';
  const entities = body.entities;
  if (entities !== undefined && entities !== null && !(Array.isArray(entities) && entities.every((e) => typeof e === 'object' && e !== null))) {
    return 'entities is not a list of objects';
  }
  return undefined;
}

/** The activity in a parsed body (as botbuilder's validateAndFixActivity does); BodyError 400 when it has no type or is unusable. */
export function toActivity(body: Record<string, unknown>): Activity {
  if (typeof body.type !== 'string' || body.type === '') throw new BodyError(400, 'not an activity (no type)');
  const problem = activityProblem(body);
  if (problem) throw new BodyError(400, `not a usable activity (${problem})`);
  const activity = body as unknown as Activity & Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field] as unknown;
    if (typeof value === 'string') {
      activity[`raw${field[0]!.toUpperCase()}${field.slice(1)}`] = value;
      (activity as Record<string, unknown>)[field] = new Date(value);
    }
  }
  return activity;
}
