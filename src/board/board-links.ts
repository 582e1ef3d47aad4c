// The engine's `board` command asks this for a link: a token saved in the
// database, under the board's public address.
import type { BoardLinks } from '../core/commands/board.js';
import type { SignInStore } from './sign-in-store.js';

/** `baseUrl` is read when a link is made: the default (http://localhost:PORT) is known only once the server listens. */
export function boardLinks(store: SignInStore, baseUrl: () => string): BoardLinks {
  return {
    async issue(actor, now) {
      const { token, expiresAt } = await store.issueToken(actor, now);
      return { url: `${baseUrl().replace(/\/+$/, '')}/board/sign-in?token=${token}`, expiresAt };
    },
  };
}
