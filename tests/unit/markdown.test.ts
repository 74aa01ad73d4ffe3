import { describe, expect, it } from "vitest";
import { renderMarkdown, renderMarkdownCached } from "@/lib/content/markdown";

describe("Markdown from authors", () => {
  it("shows raw HTML as text, so a briefing cannot run script in a learner's browser", () => {
    const { html } = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>');
    expect(html).not.toMatch(/<script|<img|<div/);
    expect(html).toContain("&#60;script&#62;");
  });

  it("keeps safe links, drops unsafe ones to their text, and only shows images from this site", () => {
    const { html } = renderMarkdown(
      "[docs](https://mesos.apache.org) [here](/tracks/soc-analyst-tier-1) [x](javascript:alert(1)) [y](data:text/html,hi) [z](//evil.example)\n\n![diagram](/lessons/ha-layout.svg) ![tracker](https://evil.example/p.gif)",
    );
    expect(html).toContain('<a href="https://mesos.apache.org">docs</a>');
    expect(html).toContain('<a href="/tracks/soc-analyst-tier-1">here</a>');
    expect(html).not.toMatch(/javascript:|data:text|\/\/evil/);
    expect(html).toContain('<img src="/lessons/ha-layout.svg" alt="diagram">');
    expect(html).toContain("tracker");
  });

  it("renders the repository's content as before", () => {
    const { html, headings } = renderMarkdown("## A heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n`code` and **bold**");
    expect(headings).toEqual([{ depth: 2, text: "A heading", id: "a-heading" }]);
    expect(html).toContain('<div class="table-scroll"><table>');
    expect(html).toContain("<code>code</code>");
  });

  it("renders a text once: the cached result is the same as a fresh render, and the same object the next time", () => {
    const text = `## Once\n\nA paragraph ${Math.random()} with <script>alert(1)</script>.\n`;
    const first = renderMarkdownCached(text);
    expect(first).toEqual(renderMarkdown(text));
    expect(renderMarkdownCached(text)).toBe(first);
    expect(renderMarkdownCached(`${text}\nMore.\n`)).not.toBe(first);
  });
});
