/**
 * Jira Cloud's REST v3 only accepts rich text as Atlassian Document Format (ADF), not plain strings.
 * This converts the plain text our workflows write: blank lines separate paragraphs, single newlines are hard
 * breaks, a paragraph whose lines all start with "- " becomes a bullet list, and http(s) URLs become links.
 */
export interface AdfText {
  type: 'text';
  text: string;
  marks?: { type: 'link'; attrs: { href: string } }[];
}

export interface AdfHardBreak {
  type: 'hardBreak';
}

export interface AdfParagraph {
  type: 'paragraph';
  content: (AdfText | AdfHardBreak)[];
}

export interface AdfBulletList {
  type: 'bulletList';
  content: { type: 'listItem'; content: AdfParagraph[] }[];
}

export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: (AdfParagraph | AdfBulletList)[];
}

export function adfFromText(text: string): AdfDocument {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => line.trim() !== ''))
    .filter((lines) => lines.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: blocks.map((lines) =>
      lines.every((line) => line.startsWith('- '))
        ? {
            type: 'bulletList',
            content: lines.map((line) => ({ type: 'listItem', content: [paragraph([line.slice(2)])] })),
          }
        : paragraph(lines),
    ),
  };
}

/** Plain text of a document, for logs and tests. */
export function textOfAdf(document: AdfDocument): string {
  const paragraphText = (node: AdfParagraph): string =>
    node.content.map((inline) => (inline.type === 'text' ? inline.text : '\n')).join('');
  return document.content
    .map((block) =>
      block.type === 'paragraph'
        ? paragraphText(block)
        : block.content.map((item) => `- ${item.content.map(paragraphText).join('')}`).join('\n'),
    )
    .join('\n\n');
}

function paragraph(lines: string[]): AdfParagraph {
  const content: (AdfText | AdfHardBreak)[] = [];
  lines.forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    content.push(...linkified(line));
  });
  return { type: 'paragraph', content };
}

/** ADF text nodes must not be empty, so the pieces around each URL are only added when they have text. */
function linkified(line: string): AdfText[] {
  const nodes: AdfText[] = [];
  let last = 0;
  for (const match of line.matchAll(/https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g)) {
    const start = match.index ?? 0;
    if (start > last) nodes.push({ type: 'text', text: line.slice(last, start) });
    nodes.push({ type: 'text', text: match[0], marks: [{ type: 'link', attrs: { href: match[0] } }] });
    last = start + match[0].length;
  }
  if (last < line.length) nodes.push({ type: 'text', text: line.slice(last) });
  return nodes;
}
