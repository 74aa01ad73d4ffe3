import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { requireUser } from "@/lib/server/auth";
import { getItem } from "@/lib/server/content";
import { ComingSoon } from "@/components/track/coming-soon";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Lab" };

export default async function LabPage({ params }: Props) {
  const raw = (await params).slug;
  await requireUser(`/labs/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const lab = slug.success ? getItem("lab", slug.data) : undefined;
  if (!lab) notFound();
  return <ComingSoon item={lab} kindLabel="Lab" />;
}
