// The pages a visitor without a session sees: how to get a link, the
// Continue step of a link, and what happened when a link did not work.
import { html, type Html } from '../html.js';

const HOW = html`<p>Ask the TSOC bot for a link: type <code>/tsoc board</code> in Slack, send <code>board</code> to the bot in a Teams personal chat, or run <code>npx tsoc --as you@agency.govt.nz board</code> in a terminal. The link works once, for 15 minutes, and signs you in for 8 hours.</p>`;

export function signInNeeded(): Html {
  return html`<div class="signin"><h1>Sign in to the TSOC status board</h1>
<p>The board shows the status of the TSOC Action Plan's actions to the people who work on it. You are not signed in.</p>
${HOW}</div>`;
}

export function continuePage(token: string): Html {
  return html`<div class="signin"><h1>Sign in to the TSOC status board</h1>
<p>This link signs in the person the TSOC bot sent it to. It works once: press Continue to use it.</p>
<form method="post" action="/board/sign-in">
<input type="hidden" name="token" value="${token}">
<button type="submit">Continue</button>
</form></div>`;
}

export function linkRefused(): Html {
  return html`<div class="signin"><h1>This sign-in link does not work</h1>
<p>It has already been used, it is more than 15 minutes old, or it was copied incompletely. Nobody was signed in.</p>
${HOW}</div>`;
}
