// Splits a long reply into pages of at most `maxLines` lines, so each page
// fits one Slack message (50 blocks) and one Teams card (~28 KB) whatever the
// renderer does with it. A section cut across pages keeps its heading, marked
// "(continued)"; actions go on the last page.
import { okReply, type Reply, type ReplyAction, type ReplySection } from '../reply.js';

export const DIGEST_PAGE_LINES = 40;

/** Lines a section takes on a page: its heading, its lines, and its fields two to a row. */
function height(s: ReplySection): number {
  return (s.heading ? 1 : 0) + s.lines.length + Math.ceil((s.fields?.length ?? 0) / 2);
}

export function paginate(title: string, sections: ReplySection[], actions: ReplyAction[] = [], maxLines = DIGEST_PAGE_LINES): Reply[] {
  const pages: ReplySection[][] = [[]];
  let used = 0;
  const page = () => pages[pages.length - 1]!;
  const newPage = () => {
    pages.push([]);
    used = 0;
  };
  for (const section of sections) {
    if (height(section) <= maxLines - used) {
      page().push(section);
      used += height(section);
      continue;
    }
    // Too tall for what is left: start it on a fresh page unless that page is empty already,
    // then cut it into pieces that fit.
    if (used > 0 && height(section) <= maxLines) {
      newPage();
      page().push(section);
      used = height(section);
      continue;
    }
    let lines = section.lines;
    let first = true;
    while (lines.length > 0 || first) {
      const heading = section.heading ? (first ? section.heading : `${section.heading} (continued)`) : undefined;
      let room = maxLines - used - (heading ? 1 : 0);
      if (room < 1 || (room < 3 && lines.length > room)) {
        // Do not leave a heading stranded with one or two lines under it.
        newPage();
        room = maxLines - (heading ? 1 : 0);
      }
      const take = lines.slice(0, room);
      lines = lines.slice(take.length);
      const piece: ReplySection = { ...(heading ? { heading } : {}), lines: take };
      if (lines.length === 0 && section.fields?.length) piece.fields = section.fields;
      page().push(piece);
      used += height(piece);
      first = false;
      if (lines.length > 0) newPage();
    }
  }
  const nonEmpty = pages.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return [okReply(title, [], actions)];
  return nonEmpty.map((p, i) =>
    okReply(nonEmpty.length === 1 ? title : `${title} (${i + 1}/${nonEmpty.length})`, p, i === nonEmpty.length - 1 ? actions : []),
  );
}

/** One reply holding every page's sections (a preview shown to one person; its renderer splits by its own limits). */
export function joinPages(pages: Reply[], title: string): Reply {
  return okReply(title, pages.flatMap((p) => p.sections), pages.flatMap((p) => p.actions));
}
