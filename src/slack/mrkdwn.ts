// Slack mrkdwn escaping: the three characters Slack asks apps to escape, so
// that text people typed can never ping @channel, mention someone or forge a link.
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack sends what people type with &, < and > escaped (only its own control sequences such as
 * <@U123> and <!channel> keep real angle brackets). Undone on the way in, so a note reads
 * "R&D" and not "R&amp;D"; escapeMrkdwn does it again on the way out.
 */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Cuts escaped text to at most `max` characters without splitting an entity
 * (`&amp;`, `&lt;`, `&gt;`) or a UTF-16 surrogate pair; adds "…" when it cuts.
 */
export function truncateEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${safeCut(text, max - 1)}…`;
}

/** The longest prefix of `text` no longer than `max` that ends on a whole character and entity. */
export function safeCut(text: string, max: number): string {
  let end = Math.min(max, text.length);
  const amp = text.lastIndexOf('&', end - 1);
  if (amp !== -1 && amp > end - 5 && !text.slice(amp, end).includes(';')) {
    const close = text.indexOf(';', amp);
    if (close >= end) end = amp; // the entity would be cut: stop before it
  }
  const code = text.charCodeAt(end - 1);
  if (end < text.length && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
