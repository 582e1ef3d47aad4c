// Text as Slack delivers it in a slash command or message event: what the
// person typed with &, < and > escaped, except Slack's own control sequences
// (<!channel>, <@U123>, <#C123|name>, <http://x|label>, <mailto:…>), which
// arrive with real angle brackets. And the escaping Slack asks of apps.

const CONTROL_SEQUENCE = /<(?:[!@#]|https?:|mailto:)[^<>]*>/y;

export function slackEncode(typed: string): string {
  let out = '';
  for (let i = 0; i < typed.length; ) {
    CONTROL_SEQUENCE.lastIndex = i;
    const m = CONTROL_SEQUENCE.exec(typed);
    if (m) {
      out += m[0].replace(/&/g, '&amp;');
      i += m[0].length;
      continue;
    }
    const c = typed[i]!;
    out += c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c;
    i += 1;
  }
  return out;
}

/** Slack mrkdwn escaping (api.slack.com "Escaping text"): &, <, >. */
export function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
