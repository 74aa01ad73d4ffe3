import { cache } from "react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { getCurrentUser } from "@/lib/server/auth";
import { currentVersion } from "@/lib/server/content";
import { renderMarkdownCached } from "@/lib/content/markdown";
import { recordItemOpened } from "@/lib/server/progress";
import { CompleteLessonForm } from "@/components/track/complete-lesson-form";

type Props = { params: Promise<{ slug: string }> };

// the metadata and the page of one request share one lookup
const lessonFor = cache(async (slug: string) => {
  const parsed = slugSchema.safeParse(slug);
  const version = parsed.success ? await currentVersion("lesson", parsed.data) : null;
  return version ? { ...version.definition, itemId: version.itemId } : undefined;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lesson = await lessonFor((await params).slug);
  return lesson ? { title: lesson.title, description: lesson.summary } : { title: "Lesson not found" };
}

export default async function LessonPage({ params }: Props) {
  const lesson = await lessonFor((await params).slug);
  if (!lesson) notFound();
  const { html, headings } = renderMarkdownCached(lesson.body);
  const user = await getCurrentUser();
  const completed = user ? (await recordItemOpened({ userId: user.id, itemId: lesson.itemId })) === "completed" : false;

  return (
    <article className="lesson">
      <div>
        <span className="kind">Lesson · {lesson.estimatedMinutes} min read</span>
        <h1>{lesson.title}</h1>
        <p className="lede">{lesson.summary}</p>
        <div className="card">
          <strong>By the end you will be able to:</strong>
          <ul>
            {lesson.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </div>
        <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
        <footer className="lesson-footer">
          {user ? (
            <>
              <CompleteLessonForm slug={lesson.slug} completed={completed} />
              <Link href={`/quizzes/${lesson.slug}`}>Take the quiz →</Link>
            </>
          ) : (
            <p className="muted">
              <Link href={`/signin?callbackUrl=/lessons/${lesson.slug}`}>Sign in</Link> to record your progress and take the quiz.
            </p>
          )}
        </footer>
      </div>
      <aside aria-label="On this page">
        <strong>On this page</strong>
        <ol>
          {headings
            .filter((h) => h.depth === 2)
            .map((h) => (
              <li key={h.id}>
                <a href={`#${h.id}`}>{h.text}</a>
              </li>
            ))}
        </ol>
      </aside>
    </article>
  );
}
