// The pages' one way to put text into HTML: escaped unless it is markup we made.
import { describe, expect, it } from 'vitest';
import { html, raw } from '../../src/board/html.js';

describe('html template', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const note = `<script>alert("x")</script> & 'quoted'`;
    expect(html`<p title="${note}">${note}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</p>',
    );
  });

  it('nests templates and lists without escaping them twice, and drops empty values', () => {
    const items = ['a<b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>${undefined}${null}${false}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
  });

  it('passes our own markup through only when marked raw', () => {
    expect(html`${raw('<svg></svg>')}${'<svg></svg>'}`.value).toBe('<svg></svg>&lt;svg&gt;&lt;/svg&gt;');
  });
});
