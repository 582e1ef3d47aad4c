// Bolt 4.7's HTTPReceiver parses a verified body and then reads `body.ssl_check`
// without checking that it is an object: a signed body of JSON `null` (or a
// form `payload=null`) throws outside its error handling, an unhandled
// rejection that leaves the request unanswered and, in Node 20, stops the
// process. Such bodies are answered here before Bolt sees them.
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import type { IncomingMessage } from 'node:http';

/** True when Bolt would parse `body` to null (its own parsing rules: exact form content type, else JSON). */
export function parsesToNull(body: Buffer, contentType: string | undefined): boolean {
  try {
    const text = body.toString();
    if (contentType === 'application/x-www-form-urlencoded') {
      const { payload, ssl_check: sslCheck } = parseQuery(text);
      if (sslCheck === '1') return false; // Bolt answers ssl_check itself, dropping anything else in the body
      return typeof payload === 'string' && JSON.parse(payload) === null;
    }
    return JSON.parse(text) === null;
  } catch {
    return false; // not JSON at all: Bolt answers that itself (400)
  }
}

/** The status Bolt would have answered with had it not failed: 401 unsigned, else 400 (not a Slack payload). */
export function nullBodyStatus(req: IncomingMessage, body: Buffer, signingSecret: string): 400 | 401 {
  const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : '');
  const signed = isValidSlackRequest({
    signingSecret,
    body: body.toString(),
    headers: { 'x-slack-signature': header('x-slack-signature'), 'x-slack-request-timestamp': Number(header('x-slack-request-timestamp')) },
  });
  return signed ? 400 : 401;
}
