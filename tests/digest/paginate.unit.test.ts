// Splitting a reply into pages: no page over the limit, nothing lost or reordered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/core/digest/paginate.js';
import type { ReplySection } from '../../src/core/reply.js';

const height = (s: ReplySection) => (s.heading ? 1 : 0) + s.lines.length + Math.ceil((s.fields?.length ?? 0) / 2);

describe('paginate', () => {
  it('keeps every line, in order, on pages within the limit', () => {
    const section = fc.record({
      heading: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
      lines: fc.array(fc.string({ maxLength: 10 }), { maxLength: 120 }),
    });
    fc.assert(
      fc.property(fc.array(section, { maxLength: 8 }), fc.integer({ min: 5, max: 60 }), (raw, max) => {
        const sections: ReplySection[] = raw.map((s) => (s.heading === undefined ? { lines: s.lines } : { heading: s.heading, lines: s.lines }));
        const pages = paginate('T', sections, [{ kind: 'update-status', itemId: '7', label: 'Update 7' }], max);
        for (const p of pages) expect(p.sections.reduce((n, s) => n + height(s), 0)).toBeLessThanOrEqual(max);
        expect(pages.flatMap((p) => p.sections.flatMap((s) => s.lines))).toEqual(sections.flatMap((s) => s.lines));
        expect(pages.flatMap((p) => p.actions)).toHaveLength(1);
        expect(pages.at(-1)!.actions).toHaveLength(1);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers the pages only when there are several', () => {
    expect(paginate('Digest', [{ lines: ['a'] }]).map((p) => p.title)).toEqual(['Digest']);
    const long = paginate('Digest', [{ heading: 'H', lines: Array.from({ length: 50 }, (_, i) => `line ${i}`) }], [], 40);
    expect(long.map((p) => p.title)).toEqual(['Digest (1/2)', 'Digest (2/2)']);
    expect(long[1]!.sections[0]!.heading).toBe('H (continued)');
  });
});
