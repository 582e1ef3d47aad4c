// A recording Bot Framework connector on 127.0.0.1: the activity's serviceUrl
// points here, so the bot's replies, card updates and member look-ups come to
// this server. It answers member look-ups from a table and can be told to
// throttle (HTTP 429) the next posts. A serviceUrl may carry a route,
// `…/via/<route>/`: calls through it are recorded with that route, so a load
// generator can tell apart the replies to several deliveries of one activity.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Member {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export interface Recorded {
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (POST …/activities/{id}) or updated (PUT …/activities/{id}). */
  activityId?: string;
  body: Record<string, unknown>;
  status: number;
  /** The Authorization header the bot sent (its outbound token with credentials; none in local mode). */
  authorization?: string;
  /** The route of the serviceUrl the call came through (`…/via/<route>/`), if it had one. */
  via?: string;
}

interface Throttle {
  remaining: number;
  headers: Record<string, string>;
}

export function isDeliveredMessage(r: Recorded): boolean {
  return /\/activities/.test(r.path) && r.status < 300 && r.body.type === 'message';
}

export class FakeConnector {
  readonly requests: Recorded[] = [];
  readonly members = new Map<string, Member>();
  private server?: http.Server;
  private throttles: Throttle[] = [];
  private nextId = 1;
  /** While set, member look-ups are answered with this HTTP status (an outage, a refusal). */
  failMemberLookups: number | false = false;
  /** While set, creating a conversation is refused with this HTTP status (the person has not installed the app: 403). */
  refuseNewConversations: number | false = false;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  addMember(member: Member): void {
    this.members.set(member.id, member);
    if (member.aadObjectId) this.members.set(member.aadObjectId, member);
  }

  /** The next `count` activity posts/updates are answered 429 with these headers. */
  throttleNext(count: number, headers: Record<string, string>): void {
    this.throttles.push({ remaining: count, headers });
  }

  reset(): void {
    this.requests.length = 0;
    this.throttles = [];
    this.failMemberLookups = false;
    this.refuseNewConversations = false;
  }

  /** Messages the bot sent or updated (successfully), oldest first; typing indicators left out. */
  get sent(): Recorded[] {
    return this.requests.filter(isDeliveredMessage);
  }

  get memberLookups(): Recorded[] {
    return this.requests.filter((r) => r.method === 'GET' && /\/members\//.test(r.path));
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const full = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const routed = /^\/via\/([^/]+)(\/.*)$/.exec(full);
    const path = routed ? routed[2]! : full;
    const record = (status: number, extra: Partial<Recorded> = {}) => {
      this.requests.push({
        method: req.method ?? '', path, body, status, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(routed ? { via: routed[1]! } : {}), ...extra,
      });
    };

    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      if (this.failMemberLookups) {
        record(this.failMemberLookups, { conversationId: member[1]! });
        return { status: this.failMemberLookups, body: { error: { code: 'ServiceError', message: 'connector unavailable' } } };
      }
      const found = this.members.get(member[2]!);
      record(found ? 200 : 404, { conversationId: member[1]! });
      return found
        ? { status: 200, body: { ...found, userPrincipalName: found.userPrincipalName ?? found.email, tenantId: 'tenant-nz', userRole: 'user' } }
        : { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'not found' } } };
    }

    const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (activity && (req.method === 'POST' || req.method === 'PUT')) {
      const extra = { conversationId: activity[1]!, ...(activity[2] ? { activityId: activity[2] } : {}) };
      const throttle = this.throttles.find((t) => t.remaining > 0);
      if (throttle) {
        throttle.remaining -= 1;
        record(429, extra);
        return { status: 429, body: { error: { code: 'Throttled', message: 'slow down' } }, headers: throttle.headers };
      }
      record(200, extra);
      return { status: 200, body: { id: req.method === 'PUT' ? activity[2] : `activity-${this.nextId++}` } };
    }

    if (req.method === 'POST' && path === '/v3/conversations') {
      if (this.refuseNewConversations) {
        record(this.refuseNewConversations);
        return { status: this.refuseNewConversations, body: { error: { code: 'Forbidden', message: 'The bot is not installed for this user.' } } };
      }
      record(201);
      return { status: 201, body: { id: `a:personal-${this.nextId++}`, serviceUrl: this.url } };
    }
    record(404);
    return { status: 404, body: { error: { code: 'NotFound', message: `${req.method} ${path}` } } };
  }
}
