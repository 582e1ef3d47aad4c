// Shortening text for a line or a button: at a word boundary, never
// mid-word, with "…" to say something was left out. Pure.

/**
 * `text` cut to at most `max` characters at the last space before the limit, ending in "…".
 * A single word longer than the limit (a URL, say) is the one case cut inside a word.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(1, max - 1);
  const head = text.slice(0, room + 1);
  const space = head.search(/\s\S*$/);
  // Keep at least half the room, else one long word would shrink the text to nothing.
  let cut = space >= room / 2 ? space : room;
  // Never split a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut).replace(/[\s,;:—–-]+$/u, '')}…`;
}
