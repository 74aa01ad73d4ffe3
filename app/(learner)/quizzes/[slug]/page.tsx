import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { requireUser } from "@/lib/server/auth";
import { getItem } from "@/lib/server/content";
import { ComingSoon } from "@/components/track/coming-soon";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Quiz" };

export default async function QuizPage({ params }: Props) {
  const raw = (await params).slug;
  await requireUser(`/quizzes/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const quiz = slug.success ? getItem("quiz", slug.data) : undefined;
  if (!quiz) notFound();
  return <ComingSoon item={quiz} kindLabel="Quiz" />;
}
