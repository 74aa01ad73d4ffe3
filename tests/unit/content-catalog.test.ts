import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog, type LessonItem } from "@/lib/content/catalog";
import { ContentError } from "@/lib/content/front-matter";
import { renderMarkdown } from "@/lib/content/markdown";

const repoContent = path.join(process.cwd(), "labs");
const temps: string[] = [];

/** A copy of the real content with one file replaced, to break it on purpose. */
function contentWith(rel: string, text: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wf-content-"));
  temps.push(dir);
  fs.cpSync(repoContent, path.join(dir, "labs"), { recursive: true });
  const target = path.join(dir, "labs", rel);
  if (text === null) fs.rmSync(target);
  else fs.writeFileSync(target, text);
  return path.join(dir, "labs");
}

function loadError(root: string): ContentError {
  try {
    loadCatalog(root);
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error("expected a ContentError");
}

afterEach(() => temps.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("the repository's content", () => {
  const catalog = loadCatalog(repoContent);
  const lesson = catalog.items.get("lesson/kubernetes-vs-mesos") as LessonItem;

  it("loads the track with its four items in order (two labs)", () => {
    expect(catalog.tracks.map((t) => t.slug)).toEqual(["soc-analyst-tier-1"]);
    expect(catalog.tracks[0].items).toEqual([
      "lesson/kubernetes-vs-mesos",
      "quiz/kubernetes-vs-mesos",
      "lab/unpatched-mesos-control-plane",
      "lab/cryptominer-via-marathon",
    ]);
    expect(lesson.gated).toBe(false);
    expect(catalog.items.get("quiz/kubernetes-vs-mesos")?.gated).toBe(true);
    expect(catalog.items.get("lab/unpatched-mesos-control-plane")?.gated).toBe(true);
    expect(catalog.items.get("lab/cryptominer-via-marathon")?.gated).toBe(true);
  });

  it("keeps the lesson's comparison table: 11 dimensions with the reference facts", () => {
    const { html } = renderMarkdown(lesson.body);
    const rows = html.match(/<tr>/g) ?? [];
    expect(rows.length).toBe(12);
    for (const fact of [
      "Dimension",
      "Cloud Native Computing Foundation",
      "Apache Software Foundation",
      "ZooKeeper",
      "etcd",
      "Marathon-lb",
      "Calico",
      "2014",
      "2009",
      "2013",
      "Apache Attic",
    ]) {
      expect(html).toContain(fact);
    }
    expect(lesson.body).toMatch(/August 2025/);
    expect(lesson.body).toMatch(/October 2025/);
  });

  it("renders headings with ids for the table of contents", () => {
    const { headings } = renderMarkdown("## What it is\n\ntext\n\n### A detail?\n");
    expect(headings).toEqual([
      { depth: 2, text: "What it is", id: "what-it-is" },
      { depth: 3, text: "A detail?", id: "a-detail" },
    ]);
  });
});

describe("malformed content stops loading with the file and the problem", () => {
  it("a lesson without front matter", () => {
    const err = loadError(contentWith("lessons/kubernetes-vs-mesos.md", "# Just a heading\n"));
    expect(err.file).toBe(path.join("labs", "lessons", "kubernetes-vs-mesos.md"));
    expect(err.problem).toMatch(/missing front matter/);
  });

  it("a lesson whose front matter lacks a title", () => {
    const text = fs.readFileSync(path.join(repoContent, "lessons/kubernetes-vs-mesos.md"), "utf8").replace(/^title:.*$/m, "");
    const err = loadError(contentWith("lessons/kubernetes-vs-mesos.md", text));
    // the problem names the line of the front matter it is on (the object's, for a missing field)
    expect(err.message).toMatch(/labs\/lessons\/kubernetes-vs-mesos\.md: line 2: title: /);
  });

  it("invalid YAML in a quiz", () => {
    const err = loadError(contentWith("quizzes/kubernetes-vs-mesos.yaml", "kind: quiz\nslug: [unclosed\n"));
    expect(err.message).toMatch(/labs\/quizzes\/kubernetes-vs-mesos\.yaml: line \d+: invalid YAML/);
  });

  it("a slug that does not match its file name", () => {
    const text = fs
      .readFileSync(path.join(repoContent, "labs/unpatched-mesos-control-plane.yaml"), "utf8")
      .replace("slug: unpatched-mesos-control-plane", "slug: another-lab");
    expect(loadError(contentWith("labs/unpatched-mesos-control-plane.yaml", text)).problem).toMatch(/must match the file name/);
  });

  it("a quiz whose lesson does not exist (its page links to it)", () => {
    const text = fs
      .readFileSync(path.join(repoContent, "quizzes/kubernetes-vs-mesos.yaml"), "utf8")
      .replace("lesson: kubernetes-vs-mesos", "lesson: no-such-lesson");
    expect(loadError(contentWith("quizzes/kubernetes-vs-mesos.yaml", text)).message).toMatch(
      /quizzes\/kubernetes-vs-mesos\.yaml: lesson "no-such-lesson" not found/,
    );
  });

  it("a track that lists a missing item", () => {
    const err = loadError(contentWith("quizzes/kubernetes-vs-mesos.yaml", null));
    expect(err.message).toMatch(/labs\/tracks\/soc-analyst-tier-1\.yaml: items not found: quiz\/kubernetes-vs-mesos/);
  });
});
