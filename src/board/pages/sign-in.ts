// The pages a visitor without a session sees: how to get a link (and, when
// OpenID Connect is configured, a "Sign in with Microsoft|Slack" link), the
// Continue step of a link, and what happened when a sign-in did not work.
import { html, type Html } from '../html.js';

/** Who a configured OpenID Connect sign-in goes through, as the button names it. */
export type OidcProvider = 'Microsoft' | 'Slack';

const HOW = html`<p>Ask the TSOC bot for a link: type <code>/tsoc board</code> in Slack, send <code>board</code> to the bot in a Teams personal chat, or run <code>npx tsoc --as you@agency.govt.nz board</code> in a terminal. The link works once, for 15 minutes, and signs you in for 8 hours.</p>`;

function oidcOption(provider: OidcProvider | undefined): Html | string {
  if (!provider) return '';
  return html`<p>Or sign in with your ${provider === 'Microsoft' ? 'Microsoft work account' : 'Slack account'} (the same trust as the bot gives you in chat):</p>
<p><a class="button" href="/board/sign-in/oidc">Sign in with ${provider}</a></p>`;
}

export function signInNeeded(provider?: OidcProvider): Html {
  return html`<div class="signin"><h1>Sign in to the TSOC status board</h1>
<p>The board shows the status of the TSOC Action Plan's actions to the people who work on it. You are not signed in.</p>
${HOW}${oidcOption(provider)}</div>`;
}

export function continuePage(token: string): Html {
  return html`<div class="signin"><h1>Sign in to the TSOC status board</h1>
<p>This link signs in the person the TSOC bot sent it to. It works once: press Continue to use it.</p>
<form method="post" action="/board/sign-in">
<input type="hidden" name="token" value="${token}">
<button type="submit">Continue</button>
</form></div>`;
}

export function linkRefused(provider?: OidcProvider): Html {
  return html`<div class="signin"><h1>This sign-in link does not work</h1>
<p>It has already been used, it is more than 15 minutes old, or it was copied incompletely. Nobody was signed in.</p>
${HOW}${oidcOption(provider)}</div>`;
}

/** A sign-in with the provider that signed nobody in; `reason` is in our own words (escaped all the same). */
export function oidcRefused(provider: OidcProvider, reason: string): Html {
  return html`<div class="signin"><h1>You were not signed in</h1>
<p>Signing in with ${provider} did not sign you in to the board: ${reason}. Nobody was signed in.</p>
${HOW}${oidcOption(provider)}</div>`;
}

export function oidcUnavailable(provider: OidcProvider): Html {
  return html`<div class="signin"><h1>Sign-in with ${provider} is not available right now</h1>
<p>The board could not reach ${provider} to start signing you in. Please try again in a minute.</p>
${HOW}</div>`;
}
