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

/** The activity in a parsed body (as botbuilder's validateAndFixActivity does); BodyError 400 when it has no type. */
export function toActivity(body: Record<string, unknown>): Activity {
  if (typeof body.type !== 'string' || body.type === '') throw new BodyError(400, 'not an activity (no type)');
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
