import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { itemParamsSchema } from "@/lib/schemas/author";
import { definitionJsonSchema } from "@/lib/schemas/docs";
import { requireRole } from "@/lib/server/auth";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { editorView } from "@/lib/server/authoring/items";
import { isAppError } from "@/lib/server/errors";
import { Workbench } from "@/components/author/workbench";

export const metadata: Metadata = { title: "Edit" };

type Props = { params: Promise<{ id: string }> };

export default async function EditItemPage({ params }: Props) {
  const raw = await params;
  const user = await requireRole(AUTHOR_ROLES, `/author/items/${encodeURIComponent(raw.id)}`);
  const parsed = itemParamsSchema.safeParse(raw);
  if (!parsed.success) notFound();
  const view = await editorView(user, parsed.data.id).catch((err: unknown) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  if (view.item.kind === "lesson") notFound();
  const STATE = { draft: "Draft", in_review: "In review", published: "Published", archived: "Archived" } as const;
  return (
    <div className="stack">
      <p>
        <Link href="/author">← All quizzes and labs</Link>
      </p>
      <span className="kind">
        {view.item.kind} · {STATE[view.item.state]} · {view.learners} learner{view.learners === 1 ? "" : "s"}
      </span>
      <h1>{view.item.title}</h1>
      <p className="muted">
        {view.item.slug} · editing version {view.version.number} ({view.version.state.replace("_", " ")}) · versions:{" "}
        {view.versions.map((v) => `v${v.number} ${v.state.replace("_", " ")}`).join(", ")}
        {view.data && ` · data: ${view.data.fileName}, ${view.data.eventCount.toLocaleString("en")} events`}
      </p>
      <Workbench view={view} schema={definitionJsonSchema(view.item.kind as "quiz" | "lab")} />
    </div>
  );
}
