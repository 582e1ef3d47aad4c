// The report as a file of its own (`tsoc report`): the same body, the
// stylesheet inside it, and no navigation, since there is no board behind it.
import { html, raw, type Html } from '../html.js';
import { BOARD_CSS } from '../styles.js';
import { marking } from './layout.js';

export function standalonePage(title: string, body: Html, classification?: string): string {
  return `<!doctype html>\n${html`<html lang="en-NZ">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(BOARD_CSS)}</style>
</head>
<body>
${marking(classification)}
<main id="main">
${body}
</main>
<footer>${marking(classification, 'foot')}</footer>
</body>
</html>`.value}`;
}
