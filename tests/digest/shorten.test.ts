// Shortening at a word boundary: what the digest does to long titles and notes.
import { describe, expect, it } from 'vitest';
import { shorten } from '../../src/core/shorten.js';

describe('shorten', () => {
  it('leaves text that fits', () => {
    expect(shorten('Team recruited', 20)).toBe('Team recruited');
  });

  it('cuts at the last space before the limit, never mid-word', () => {
    expect(shorten('Review the ability to accept cash by regulated entities', 30)).toBe('Review the ability to accept…');
    expect(shorten('Funded by regulation', 15)).toBe('Funded by…');
  });

  it('drops trailing punctuation before the ellipsis', () => {
    expect(shorten('Border, maritime and air — detection', 17)).toBe('Border, maritime…');
  });

  it('cuts one long word (a URL) inside it, on a whole character', () => {
    expect(shorten('https://example.govt.nz/a/very/long/path', 12)).toBe('https://exa…');
    expect(shorten('ab😀cdefghij', 4)).toBe('ab…');
  });
});
