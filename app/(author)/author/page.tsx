import type { Metadata } from "next";
import Link from "next/link";
import { requireRole } from "@/lib/server/auth";
import { AUTHOR_ROLES } from "@/lib/server/authoring/access";
import { listAuthorItems } from "@/lib/server/authoring/items";
import { db } from "@/lib/server/db";
import { NewItemForm } from "@/components/author/new-item-form";
import { CloneForm } from "@/components/author/clone-form";
import { ImportForm } from "@/components/author/import-form";

export const metadata: Metadata = { title: "Author" };

const STATE_LABEL = { draft: "Draft", in_review: "In review", published: "Published", archived: "Archived" } as const;

export default async function AuthorPage() {
  const user = await requireRole(AUTHOR_ROLES, "/author");
  const [items, tracks] = await Promise.all([listAuthorItems(user), db.track.findMany({ orderBy: { title: "asc" }, select: { slug: true, title: true } })]);
  return (
    <div className="stack">
      <span className="kind">Author</span>
      <h1>Quizzes and labs</h1>
      <p className="lede">Write, verify and publish content. Learners get the newest published version; whoever started an older one finishes on it.</p>
      <div className="author-actions">
        <NewItemForm kind="lab" />
        <NewItemForm kind="quiz" />
        <ImportForm />
      </div>
      <table className="author-table">
        <caption className="sr-only">Every quiz and lab you can see</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">State</th>
            <th scope="col">Version</th>
            <th scope="col">Last edit</th>
            <th scope="col">Authors</th>
            <th scope="col">Learners</th>
            <th scope="col">Clone</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td>
                <span className="kind">{i.kind}</span> <Link href={`/author/items/${i.id}`}>{i.title}</Link>
                <div className="muted">{i.slug}</div>
              </td>
              <td>{STATE_LABEL[i.state]}</td>
              <td>
                {i.published ? `v${i.published}` : "—"}
                {i.draft ? ` · draft v${i.draft}` : ""}
              </td>
              <td>
                <time dateTime={i.lastEdit}>{i.lastEdit.slice(0, 16).replace("T", " ")} UTC</time>
              </td>
              <td>{i.authors.length ? i.authors.join(", ") : <span className="muted">from labs/</span>}</td>
              <td>{i.learners}</td>
              <td>
                <CloneForm itemId={i.id} slug={i.slug} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tracks</h2>
      <ul>
        {tracks.map((t) => (
          <li key={t.slug}>
            <Link href={`/author/tracks/${t.slug}`}>Edit {t.title}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
