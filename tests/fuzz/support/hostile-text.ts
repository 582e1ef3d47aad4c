// Notes written to hurt: Slack control sequences, markup, operator objects,
// broken UTF-16, control and invisible characters. Each comes with what the
// record must hold afterwards under the engine's cleaning rules (docs/decisions/0009):
// control characters become spaces, lone surrogates U+FFFD, runs of
// whitespace (newlines, NBSP, zero-width space, BOM) one space; every other
// character — markup, operators, emoji, bidi controls, joiners — literally.

export interface HostileNote {
  label: string;
  /** What the person typed after `update 7 on-track`. */
  typed: string;
  /** What the saved update's note must be. */
  stored: string;
}

const same = (label: string, typed: string): HostileNote => ({ label, typed, stored: typed });

/** A note just under the 1,000-character limit, made of nothing but hostile sequences. */
const LONG = (() => {
  const unit = '<!channel> *x* {"$gt":""} ';
  return unit.repeat(Math.floor(990 / unit.length)).trim();
})();

export const HOSTILE_NOTES: HostileNote[] = [
  same('@channel', '<!channel> everyone look at this'),
  same('@here with label', '<!here|here> now'),
  same('@everyone', '<!everyone>'),
  same('user mentions', '<@U0JANE> and <@U0IVAN|ivan>'),
  same('channel link', '<#C0PLAN|tsoc-plan>'),
  same('forged link', '<http://evil.example/login|Click to confirm>'),
  same('mailto link', '<mailto:ceo@police.govt.nz|the Commissioner>'),
  same('markdown', '*bold* _italic_ ~strike~ `code` ```block``` [link](http://evil.example) ![img](http://evil.example/x.png)'),
  same('html', '<b>bold</b><script>alert(1)</script><img src=x onerror=alert(1)>'),
  same('entities', 'R&D &amp; &lt;tag&gt; &#60; &nbsp;'),
  same('operator object', '{"$gt": ""}'),
  same('$where', '{"$where": "sleep(10000) || true"}'),
  same('operator words', "$ne $regex .* '; db.dropDatabase(); //"),
  same('card functions', '{{DATE(2026-01-01T00:00:00Z, SHORT)}} {{TIME(2026-01-01T00:00:00Z)}}'),
  same('a lone numbered-list marker', '1.'),
  same('a lone heading marker', '#'),
  same('a lone bullet marker', '+'),
  { label: 'markdown lines', typed: '# Heading\n- item\n1. first\n> quote', stored: '# Heading - item 1. first > quote' },
  { label: 'lone high surrogate', typed: 'broken \uD800 here', stored: 'broken \uFFFD here' },
  { label: 'lone low surrogate', typed: '\uDC00 starts broken', stored: '\uFFFD starts broken' },
  { label: 'reversed surrogate pair', typed: 'x\uDC00\uD800y', stored: 'x\uFFFD\uFFFDy' },
  { label: 'control characters', typed: 'bell\u0007 nul\u0000 esc\u001b[31mred\u001b[0m del\u007f c1\u0085', stored: 'bell nul esc [31mred [0m del c1' },
  same('bidi overrides', 'approved \u202Edevorppa\u202C by \u2067x\u2069'),
  { label: 'zero-width characters', typed: 'zero\u200Bwidth\u200C join\u200D\uFEFFbom', stored: 'zero width\u200C join\u200D bom' },
  same('emoji', '👩🏽‍💻 on it 🇳🇿 ✅ 🚨'),
  same('combining marks', 'Z̵̡̢a̷l̸g̶o̴'),
  { label: 'wide spaces', typed: 'a\u00A0b\u2003c\u3000d', stored: 'a b c d' },
  same('990 hostile characters', LONG),
];

/** Short pieces for mixing into generated text. */
export const HOSTILE_FRAGMENTS: string[] = [
  '<!channel>', '<!here>', '<@U0JANE>', '<http://x|label>', '<#C1|c>', '*b*', '_i_', '`c`', '[l](http://x)', '<b>', '</script>', '&amp;', '&',
  '{"$gt": ""}', '{"$where": "1"}', '$gt', '$where', '\uD800', '\uDFFF', '\u0000', '\u0007', '\u001b', '\u007f', '\u202E', '\u200B', '\u200D',
  '\uFEFF', '👩🏽‍💻', '🇳🇿', '{{DATE(2026-01-01T00:00:00Z)}}', '\\', '%00', '%', '+', '=', '\r\n',
];

/** Slack mrkdwn as the bot must send it: no raw < or >, and & only as the start of &amp; &lt; &gt;. */
export function slackEscapeProblems(text: string): string[] {
  const problems: string[] = [];
  const raw = /[<>]/.exec(text);
  if (raw) problems.push(`raw "${raw[0]}" at ${raw.index}: …${text.slice(Math.max(0, raw.index - 20), raw.index + 20)}…`);
  const amp = /&(?!amp;|lt;|gt;)/.exec(text);
  if (amp) problems.push(`bare "&" at ${amp.index}: …${text.slice(Math.max(0, amp.index - 20), amp.index + 20)}…`);
  return problems;
}

/** Adaptive Card text as the bot must send it: Markdown punctuation backslash-escaped, <, >, & as entities. */
export function cardEscapeProblems(text: string): string[] {
  const problems: string[] = [];
  const unescaped = text.replace(/\\[\\`*_{}[\]~+\-#.]/g, '');
  const raw = /[\\`*_{}[\]~<>]/.exec(unescaped);
  if (raw) problems.push(`unescaped "${raw[0]}" in: ${text.slice(0, 120)}`);
  const amp = /&(?!amp;|lt;|gt;)/.exec(unescaped);
  if (amp) problems.push(`bare "&" in: ${text.slice(0, 120)}`);
  // Block markers count only at the very start of a line (an escaped character before one makes it text).
  for (const line of text.split('\n')) {
    if (/^\s*[-+#](\s|#|$)/.test(line) || /^\s*\d+\.(\s|$)/.test(line)) problems.push(`unescaped list or heading marker: ${line.slice(0, 60)}`);
  }
  return problems;
}
