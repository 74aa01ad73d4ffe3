import { Marked } from "marked";
import { rememberBounded } from "@/lib/bounded-map";

export type Heading = { depth: number; text: string; id: string };

export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*_~]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** links may go to the web, mail or this site; anything else (javascript:, data:, //host) stays text */
const SAFE_HREF = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;
/** images only from this site: a learner's browser never fetches from elsewhere */
const LOCAL_SRC = /^\/(?!\/)[\w\-./]+$/;

/**
 * Renders Markdown to HTML, giving each h2/h3 a stable id so the page can offer a table of
 * contents. Content is written by instructors in the browser too, so it is not trusted: raw HTML
 * is shown as text, links keep only safe schemes, and images only come from this site.
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
      html({ text }) {
        return escapeHtml(text);
      },
      link(token) {
        if (!SAFE_HREF.test(token.href)) return this.parser.parseInline(token.tokens);
        return marked.Renderer.prototype.link.call(this, token);
      },
      image({ href, text, title }) {
        if (!LOCAL_SRC.test(href)) return escapeHtml(text);
        return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`;
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

// The same text renders to the same HTML: published lessons and briefings are rendered once per
// process, not per request (bounded; the oldest entry goes first).
const rendered = new Map<string, { html: string; headings: Heading[] }>();
const MAX_RENDERED = 200;

/** renderMarkdown, remembered for the text. The result is shared: treat it as read-only. */
export function renderMarkdownCached(markdown: string): { html: string; headings: Heading[] } {
  return rendered.get(markdown) ?? rememberBounded(rendered, markdown, renderMarkdown(markdown), MAX_RENDERED);
}
