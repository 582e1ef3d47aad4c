// Text for Adaptive Card TextBlocks and FactSets. Teams renders a Markdown
// subset there (bold, italic, lists, links) plus {{DATE()}}/{{TIME()}}
// functions, so text people typed could format itself, forge a link or hide
// words. Everything we put on a card goes through escapeCardText: the Markdown
// punctuation is backslash-escaped (CommonMark), and <, >, & become entities.

/**
 * Punctuation that starts Markdown the card renderers understand. "(" and "!" need no
 * escape once "[" has one (no link or image can start), which keeps plan text such as
 * "(MBIE)" clean in a renderer that shows backslashes.
 */
const MARKDOWN = /[\\`*_{}[\]~]/g;

export function escapeCardText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(MARKDOWN, (c) => `\\${c}`)
    .split('\n')
    .map((line) =>
      line
        // "- item", "+ item": a list marker; "# Title": a heading (at the start of a line only);
        // alone on a line ("-", "#", "1.") they are still an empty list item or heading
        .replace(/^(\s*)([-+#])(?=\s|#|$)/, '$1\\$2')
        // "1. item": a numbered list marker
        .replace(/^(\s*\d+)\.(?=\s|$)/, '$1\\.'),
    )
    .join('\n');
}

/** Cuts raw (unescaped) text to at most `max` characters on a whole character, adding "…" when it cuts. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
