import { Marked } from "marked";

export type Heading = { depth: number; text: string; id: string };

export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Renders our own (trusted, repository-reviewed) Markdown to HTML, giving each
 * h2/h3 a stable id so the page can offer a table of contents.
 */
export function renderMarkdown(markdown: string): { html: string; headings: Heading[] } {
  const headings: Heading[] = [];
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      heading({ tokens, depth, text }) {
        const id = headingId(text);
        if (depth === 2 || depth === 3) headings.push({ depth, text, id });
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      table(token) {
        // Wide comparison tables scroll inside their own box on small screens.
        const html = marked.Renderer.prototype.table.call(this, token);
        return `<div class="table-scroll">${html}</div>`;
      },
    },
  });
  const html = marked.parse(markdown) as string;
  return { html, headings };
}
