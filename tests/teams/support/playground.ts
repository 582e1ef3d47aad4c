// Drives the Microsoft 365 Agents Playground (a local Teams client) without a
// browser, through the API its web UI uses: GET /_internal/v1/config for the
// chats and people, POST /_conversation/v1/conversations/{id}/messages to type,
// POST /_conversation/v1/submit for a card's Action.Submit, and the UI's
// websocket (/_ws_conversation/v1/conversations/stream) to read what the bot posts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';

export interface PlaygroundMessage {
  messageId: string;
  from: { id: string };
  text?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

export interface PlaygroundEvent {
  action: 'createMessage' | 'updateMessage' | string;
  actionConversationId: string;
  message: PlaygroundMessage;
}

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: { id: string; name: string; email: string };
  users: { id: string; name: string; email: string }[];
  personalChat: { id: string };
  groupChats: { id: string; name: string }[];
  teams: { id: string; channels: { id: string; name: string }[] }[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class Playground {
  readonly events: PlaygroundEvent[] = [];
  private ws?: WebSocket;
  output = '';

  private constructor(private readonly child: ChildProcess, readonly url: string) {}

  /**
   * Starts `npm run playground`'s script against `endpoint` (with `env` added to this process's);
   * rejects with the command, the error and the output when it cannot.
   */
  static async start(root: string, endpoint: string, timeoutMs = 30_000, env: Record<string, string> = {}): Promise<Playground> {
    const port = await freePort();
    const script = path.join(root, 'tools', 'playground.mjs');
    const child = spawn(process.execPath, [script, '--port', String(port), '--endpoint', endpoint], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => fail(`did not print "Listening on <port>" within ${timeoutMs} ms`), timeoutMs);
      function fail(why: string) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new Error(`node tools/playground.mjs --port ${port} --endpoint ${endpoint}: ${why}\n${output}`));
      }
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const m = /Listening on (\d+)/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('error', (err) => fail(err.message));
      child.once('exit', (code) => fail(`exited with code ${code}`));
    });
    const playground = new Playground(child, url);
    playground.output = output;
    child.stdout!.on('data', (c: Buffer) => (playground.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (playground.output += c.toString()));
    await playground.connect();
    return playground;
  }

  private async connect(): Promise<void> {
    const ws = new WebSocket(`${this.url.replace('http', 'ws')}/_ws_conversation/v1/conversations/stream`);
    ws.on('message', (data) => this.events.push(JSON.parse(data.toString()) as PlaygroundEvent));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.ws = ws;
  }

  async config(): Promise<PlaygroundConfig> {
    const res = await fetch(`${this.url}/_internal/v1/config`);
    if (!res.ok) throw new Error(`GET /_internal/v1/config: ${res.status}`);
    return ((await res.json()) as { config: PlaygroundConfig }).config;
  }

  /** Types a message as `fromId` into a conversation; mentions as the UI sends them. */
  async say(conversationId: string, fromId: string, text: string, mentions?: { mentioned: { id: string; name: string }; text: string }[]): Promise<void> {
    const res = await fetch(`${this.url}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: fromId }, text, textFormat: 'plain', ...(mentions ? { mentions } : {}) }),
    });
    if (!res.ok) throw new Error(`POST messages: ${res.status} ${await res.text()}`);
  }

  /** Presses a card's Action.Submit (the card is the message `replyToId`), with the form's values. */
  async submit(conversationId: string, fromId: string, replyToId: string, value: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/_conversation/v1/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: { id: conversationId }, from: { id: fromId }, replyToId, value }),
    });
    if (!res.ok) throw new Error(`POST submit: ${res.status} ${await res.text()}`);
  }

  /**
   * Presses a card's Action.Execute (Universal Actions): the Playground sends the bot an
   * `adaptiveCard/action` invoke and answers with the bot's invoke response (the card shown in place).
   */
  async execute(conversationId: string, fromId: string, replyToId: string, action: { verb: string; data: Record<string, unknown> }): Promise<{ type: string; value: unknown }> {
    const res = await fetch(`${this.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action', conversation: { id: conversationId }, from: { id: fromId }, replyToId,
        value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' },
      }),
    });
    if (!res.ok) throw new Error(`POST invoke: ${res.status} ${await res.text()}`);
    return (await res.json()) as { type: string; value: unknown };
  }

  /** The first event (after index `from`) matching `test`, waiting up to `timeoutMs`. */
  async waitFor(test: (e: PlaygroundEvent) => boolean, from = 0, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching Playground event; saw ${JSON.stringify(this.events.slice(from)).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    this.ws?.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
