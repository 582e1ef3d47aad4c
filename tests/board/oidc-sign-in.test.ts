// Signing in to the board with OpenID Connect, against a real provider
// (oidc-provider) on 127.0.0.1: the browser is sent there, logs in, comes back
// with a code; the bot exchanges it and signs the person in only under chat's
// trust — Entra: a served tenant and Teams' tenant/domain binding; Slack: the
// bot's workspace and a verified email. Anything else signs nobody in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInStore } from '../../src/board/sign-in-store.js';
import { startFakeSlack } from '../fakes/slack-api.js';
import { startSlackBot } from '../support/slack-bot.js';
import { page, startBoardBot, type BoardBot } from './board-support.js';
import { CookieBrowser, freePort, loginFormAction, startOidcProvider, type TestProvider } from './oidc-support.js';

const POLICE_TENANT = '11111111-1111-1111-1111-111111111111';
const CUSTOMS_TENANT = '22222222-2222-2222-2222-222222222222';
const OTHER_TENANT = '33333333-3333-3333-3333-333333333333';
const STATUS_WORDS = /On track|Not started|At risk|Off track|Complete/;

let provider: TestProvider;
let entra: BoardBot;
let slack: BoardBot;

/** A bot whose board signs in through the test provider, as `kind`, with its BOARD_URL fixed in advance. */
async function oidcBot(kind: 'entra' | 'slack', clientId: string, env: Record<string, string>): Promise<{ start: () => Promise<BoardBot>; client: { clientId: string; clientSecret: string; redirectUri: string } }> {
  const port = await freePort();
  const client = { clientId, clientSecret: `${clientId}-secret-0123456789`, redirectUri: `http://127.0.0.1:${port}/board/sign-in/oidc/callback` };
  return {
    client,
    start: () => startBoardBot({
      PORT: String(port), BOARD_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: client.clientId, OIDC_CLIENT_SECRET: client.clientSecret, OIDC_KIND: kind, ...env,
    }),
  };
}

beforeAll(async () => {
  provider = await startOidcProvider();
  const e = await oidcBot('entra', 'board-entra', {
    TEAMS_ALLOWED_TENANTS: `${POLICE_TENANT},${CUSTOMS_TENANT}`,
    // The steward's address is bound to the Police tenant, as a deployment binds whoever's directory vouches for it.
    TEAMS_TENANT_DOMAINS: `${POLICE_TENANT}=police.govt.nz,tsoc.example.nz;${CUSTOMS_TENANT}=customs.govt.nz`,
  });
  const s = await oidcBot('slack', 'board-slack', { SLACK_TEAM_ID: 'T0TSOC' });
  provider.serve([e.client, s.client]);
  [entra, slack] = [await e.start(), await s.start()];
  const set = (id: string, claims: Record<string, unknown>) => provider.accounts.set(id, claims);
  set('aroha', { tid: POLICE_TENANT, oid: 'oid-aroha', name: 'Aroha Ngata', email: 'aroha@police.govt.nz' });
  set('ivan', { tid: CUSTOMS_TENANT, oid: 'oid-ivan', name: 'Ivan Customs', preferred_username: 'Ivan@Customs.govt.nz' });
  set('steward', { tid: POLICE_TENANT, oid: 'oid-stew', name: 'Sam Steward', email: 'steward@tsoc.example.nz' });
  set('outsider', { tid: OTHER_TENANT, oid: 'oid-out', name: 'Out Sider', email: 'someone@police.govt.nz' });
  set('unbound', { tid: CUSTOMS_TENANT, oid: 'oid-unbound', name: 'Claims Police', email: 'claims@police.govt.nz' });
  set('sneaky', { tid: POLICE_TENANT, oid: 'oid-sneaky', name: '<script>alert(1)</script>', email: 'sneaky@police.govt.nz' });
  set('jane', { 'https://slack.com/team_id': 'T0TSOC', 'https://slack.com/user_id': 'U0JANE', name: 'Jane Smith', email: 'jane.smith@police.govt.nz', email_verified: true });
  set('unverified', { 'https://slack.com/team_id': 'T0TSOC', 'https://slack.com/user_id': 'U0UNV', name: 'Una Verified', email: 'una@police.govt.nz', email_verified: false });
  set('elsewhere', { 'https://slack.com/team_id': 'T0OTHER', 'https://slack.com/user_id': 'U0ELSE', name: 'Else Where', email: 'else@police.govt.nz', email_verified: true });
});

afterAll(async () => {
  await entra?.stop();
  await slack?.stop();
  await provider?.close();
});

interface Attempt {
  browser: CookieBrowser;
  /** The bot's answer at its callback (not followed further). */
  res: Response;
  text: string;
  callbackUrl: string;
  /** The sealed sign-in cookie the browser held when it came back. */
  pendingCookie: string;
}

/** What a person does: press "Sign in with …" on the board, log in at the provider as `account`, come back. */
async function signInAs(bot: BoardBot, account: string, browser = new CookieBrowser()): Promise<Attempt> {
  const started = await browser.get(`${bot.url}/board/sign-in/oidc`);
  expect(started.status).toBe(303);
  expect(started.headers.get('location')!.startsWith(`${provider.issuer}/`)).toBe(true);
  const pendingCookie = browser.cookie('tsoc_board_oidc')!;
  expect(pendingCookie).toBeTruthy();
  // At the provider: its authorization endpoint sends the browser to its login page.
  const login = await browser.follow(started.headers.get('location')!);
  expect(login.res.status).toBe(200);
  const form = await login.res.text();
  const posted = await browser.post(new URL(loginFormAction(form), login.url).href, { prompt: 'login', login: account, password: 'anything' });
  expect(posted.status).toBe(303);
  // The provider finishes and redirects to the board's callback; stop there to see the bot's answer.
  const back = await browser.follow(new URL(posted.headers.get('location')!, login.url).href, (next) => !next.startsWith(bot.url) || next.includes('/callback'));
  expect(back.url.startsWith(`http://127.0.0.1:${new URL(bot.url).port}/board/sign-in/oidc/callback?`)).toBe(true);
  return { browser, res: back.res, text: await back.res.text(), callbackUrl: back.url, pendingCookie };
}

function sessionCookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith('tsoc_board=') && !c.startsWith('tsoc_board=;'));
}

async function storedSession(bot: BoardBot, email: string): Promise<{ agencies: string[]; steward: boolean; platform: string } | undefined> {
  const doc = await bot.database.db.collection('board_sessions').findOne({ 'user.email': email });
  return doc?.user as { agencies: string[]; steward: boolean; platform: string } | undefined;
}

/** The board as the browser now sees it. */
async function boardSeenBy(bot: BoardBot, browser: CookieBrowser): Promise<{ status: number; text: string }> {
  const res = await browser.get(`${bot.url}/board`);
  return { status: res.status, text: await res.text() };
}

function expectRefused(attempt: Attempt, status: number, why: string): void {
  expect(attempt.res.status).toBe(status);
  expect(attempt.text).toContain('You were not signed in');
  expect(attempt.text).toContain(why);
  expect(attempt.text).toContain('Nobody was signed in.');
  expect(attempt.text).not.toMatch(STATUS_WORDS);
  expect(sessionCookieOf(attempt.res)).toBeUndefined();
  // The sign-in in progress is over either way.
  expect(attempt.res.headers.getSetCookie()).toContain('tsoc_board_oidc=; Path=/board/sign-in/oidc; HttpOnly; SameSite=Lax; Max-Age=0');
  expect(attempt.res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

describe('OpenID Connect sign-in, Entra rules', () => {
  it('the signed-out board offers "Sign in with Microsoft" beside the chat link, and shows no status', async () => {
    const res = await page(entra, '/board');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Ask the TSOC bot for a link');
    expect(res.text).toContain('<a class="button" href="/board/sign-in/oidc">Sign in with Microsoft</a>');
    expect(res.text).not.toMatch(STATUS_WORDS);
  });

  it('starting a sign-in sends the browser to the provider with state, nonce and PKCE, kept in a sealed short-lived cookie', async () => {
    const res = await fetch(`${entra.url}/board/sign-in/oidc`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(provider.issuer);
    expect(to.searchParams.get('client_id')).toBe('board-entra');
    expect(to.searchParams.get('redirect_uri')).toBe(`${entra.url}/board/sign-in/oidc/callback`);
    expect(to.searchParams.get('scope')).toBe('openid email profile');
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(p)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tsoc_board_oidc=[A-Za-z0-9_-]+; Path=\/board\/sign-in\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    // Sealed: neither the state nor the verifier can be read from it.
    expect(cookie).not.toContain(to.searchParams.get('state')!);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('someone from a served tenant, with an email bound to it, is signed in with their agency', async () => {
    const attempt = await signInAs(entra, 'aroha');
    expect(attempt.res.status).toBe(303);
    expect(attempt.res.headers.get('location')).toBe('/board');
    expect(sessionCookieOf(attempt.res)).toMatch(/^tsoc_board=[A-Za-z0-9_-]{43}; Path=\/board; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const board = await boardSeenBy(entra, attempt.browser);
    expect(board.status).toBe(200);
    expect(board.text).toContain('Signed in as Aroha Ngata');
    expect(board.text).not.toContain('Signed in as Aroha Ngata (steward)');
    expect(board.text).toContain('Where the plan stands');
    expect(await storedSession(entra, 'aroha@police.govt.nz')).toMatchObject({ platform: 'teams', agencies: ['police'], steward: false });
  });

  it('takes preferred_username when Entra sends no email, and gives stewards their rights', async () => {
    const ivan = await signInAs(entra, 'ivan');
    expect(ivan.res.status).toBe(303);
    expect((await boardSeenBy(entra, ivan.browser)).text).toContain('Signed in as Ivan Customs');
    expect(await storedSession(entra, 'ivan@customs.govt.nz')).toMatchObject({ agencies: ['customs'], steward: false });
    // TSOC_ADMINS (steward@tsoc.example.nz): a steward, as in chat.
    const steward = await signInAs(entra, 'steward');
    expect((await boardSeenBy(entra, steward.browser)).text).toContain('Signed in as Sam Steward (steward)');
    expect(await storedSession(entra, 'steward@tsoc.example.nz')).toMatchObject({ steward: true });
  });

  it('refuses a tenant the bot does not serve', async () => {
    const attempt = await signInAs(entra, 'outsider');
    expectRefused(attempt, 403, 'your Microsoft 365 organisation is not one this board serves');
    expect((await boardSeenBy(entra, attempt.browser)).status).toBe(401);
    expect(await storedSession(entra, 'someone@police.govt.nz')).toBeUndefined();
  });

  it("refuses an email whose domain is not bound to the person's tenant", async () => {
    const attempt = await signInAs(entra, 'unbound');
    expectRefused(attempt, 403, 'police.govt.nz is not one of the email domains it trusts your organisation&#39;s directory for');
    expect((await boardSeenBy(entra, attempt.browser)).text).not.toMatch(STATUS_WORDS);
    expect(await storedSession(entra, 'claims@police.govt.nz')).toBeUndefined();
  });

  it('shows what the provider says about a person only escaped', async () => {
    const attempt = await signInAs(entra, 'sneaky');
    const board = await boardSeenBy(entra, attempt.browser);
    expect(board.text).toContain('Signed in as &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(board.text).not.toContain('<script');
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    // A real login at the provider, whose answer comes back with another state (someone else's sign-in,
    // or a forged one, arriving in this browser).
    const browser = new CookieBrowser();
    const started = await browser.get(`${entra.url}/board/sign-in/oidc`);
    const login = await browser.follow(started.headers.get('location')!);
    const posted = await browser.post(new URL(loginFormAction(await login.res.text()), login.url).href, { prompt: 'login', login: 'aroha', password: 'x' });
    let callback = '';
    await browser.follow(new URL(posted.headers.get('location')!, login.url).href, (next) => {
      if (next.startsWith(`${entra.url}/board/sign-in/oidc/callback`)) callback = next;
      return !callback;
    });
    const forged = new URL(callback);
    expect(forged.searchParams.get('code')).toBeTruthy();
    forged.searchParams.set('state', 'A'.repeat(43));
    const res = await browser.get(forged.href);
    expectRefused({ browser, res, text: await res.text(), callbackUrl: forged.href, pendingCookie: '' }, 400, 'did not check out');
    expect((await boardSeenBy(entra, browser)).status).toBe(401);
  });

  it('refuses a callback replayed after it signed someone in, with or without the sign-in cookie', async () => {
    const first = await signInAs(entra, 'aroha');
    expect(first.res.status).toBe(303);
    // The same browser again: its sign-in cookie was cleared at the callback.
    const again = await first.browser.get(first.callbackUrl);
    expectRefused({ ...first, res: again, text: await again.text() }, 400, 'this browser has no sign-in in progress');
    // Someone who kept the sealed cookie and the callback address: the code is spent.
    const thief = new CookieBrowser();
    const replay = await thief.get(first.callbackUrl, `tsoc_board_oidc=${first.pendingCookie}`);
    expectRefused({ ...first, res: replay, text: await replay.text() }, 400, 'did not check out');
    expect((await boardSeenBy(entra, thief)).status).toBe(401);
  });

  it('refuses a sign-in cancelled at the provider, without repeating the provider’s words', async () => {
    const browser = new CookieBrowser();
    const started = await browser.get(`${entra.url}/board/sign-in/oidc`);
    const login = await browser.follow(started.headers.get('location')!);
    const abort = new URL(`${loginFormAction(await login.res.text())}/abort`, login.url).href;
    const back = await browser.follow(abort, (next) => !next.startsWith(entra.url) || next.includes('/callback'));
    expect(back.url).toContain('error=access_denied');
    const text = await back.res.text();
    expectRefused({ browser, res: back.res, text, callbackUrl: back.url, pendingCookie: '' }, 400, 'did not check out');
    expect(text).not.toContain('End-User aborted');
  });

  it('a state is spent once, on any instance', async () => {
    const store = new SignInStore(entra.database.db, entra.database.writes);
    const state = 'S'.repeat(43);
    const results = await Promise.all([store.spendOidcState(state, new Date()), store.spendOidcState(state, new Date())]);
    expect(results.sort()).toEqual([false, true]);
  });
});

describe('OpenID Connect sign-in, Slack rules', () => {
  it('the signed-out board offers "Sign in with Slack"', async () => {
    const res = await page(slack, '/board/changes');
    expect(res.status).toBe(401);
    expect(res.text).toContain('Sign in with Slack');
    expect(res.text).not.toMatch(STATUS_WORDS);
  });

  it('opens the bot\'s workspace at Slack', async () => {
    const res = await fetch(`${slack.url}/board/sign-in/oidc`, { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('team')).toBe('T0TSOC');
  });

  it('someone of the bot\'s workspace with a verified email is signed in with their agency', async () => {
    const attempt = await signInAs(slack, 'jane');
    expect(attempt.res.status).toBe(303);
    const board = await boardSeenBy(slack, attempt.browser);
    expect(board.text).toContain('Signed in as Jane Smith');
    expect(board.text).toContain('Where the plan stands');
    expect(await storedSession(slack, 'jane.smith@police.govt.nz')).toMatchObject({ platform: 'slack', agencies: ['police'] });
  });

  it('refuses an email Slack has not verified', async () => {
    const attempt = await signInAs(slack, 'unverified');
    expectRefused(attempt, 403, 'your sign-in says your email address is not verified');
    expect((await boardSeenBy(slack, attempt.browser)).status).toBe(401);
  });

  it('refuses another workspace', async () => {
    const attempt = await signInAs(slack, 'elsewhere');
    expectRefused(attempt, 403, 'your Slack workspace is not the one this board serves');
    expect((await boardSeenBy(slack, attempt.browser)).status).toBe(401);
  });

  it('the Entra rules do not apply here, nor the Slack rules there: a Microsoft account is refused by the Slack board', async () => {
    const attempt = await signInAs(slack, 'aroha');
    expectRefused(attempt, 403, 'your Slack workspace is not the one this board serves');
  });
});

describe('without OpenID Connect', () => {
  let bot: BoardBot;
  beforeAll(async () => {
    bot = await startBoardBot();
  });
  afterAll(() => bot.stop());

  it('its routes answer 404 and the signed-out board offers only the chat link', async () => {
    for (const path of ['/board/sign-in/oidc', '/board/sign-in/oidc/callback?code=x&state=y']) {
      const res = await page(bot, path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toMatch(STATUS_WORDS);
    }
    const signedOut = await page(bot, '/board');
    expect(signedOut.status).toBe(401);
    expect(signedOut.text).toContain('Ask the TSOC bot for a link');
    expect(signedOut.text).not.toContain('Sign in with');
    expect(signedOut.text).not.toContain('/board/sign-in/oidc');
  });
});

describe('an OpenID provider that does not answer', () => {
  it('does not stop the bot; pressing the button explains, and signs nobody in', async () => {
    const bot = await startBoardBot({
      OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`, OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y', OIDC_KIND: 'entra', TEAMS_TENANT_ID: POLICE_TENANT,
    });
    try {
      const res = await page(bot, '/board/sign-in/oidc');
      expect(res.status).toBe(503);
      expect(res.text).toContain('Sign-in with Microsoft is not available right now');
      expect(res.headers.get('set-cookie')).toBeNull();
    } finally {
      await bot.stop();
    }
  });
});

describe('SLACK_TEAM_ID', () => {
  it('must be the workspace of the bot token, or the bot does not start', async () => {
    const fake = await startFakeSlack();
    try {
      await expect(startSlackBot({ slack: fake, env: { SLACK_TEAM_ID: 'T0ELSEWHERE' } })).rejects.toThrow('SLACK_TEAM_ID is T0ELSEWHERE, but SLACK_BOT_TOKEN belongs to workspace T0TSOC');
      const ok = await startSlackBot({ slack: fake, env: { SLACK_TEAM_ID: 'T0TSOC' } });
      await ok.close();
    } finally {
      await fake.close();
    }
  });
});
