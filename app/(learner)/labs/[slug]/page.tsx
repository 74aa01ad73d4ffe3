import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { slugSchema } from "@/lib/schemas/content";
import { requireUser } from "@/lib/server/auth";
import { openLab } from "@/lib/server/lab/view";
import { LabWorkspace } from "@/components/lab/lab-workspace";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const metadata: Metadata = { title: "Lab" };

export default async function LabPage({ params, searchParams }: Props) {
  const raw = (await params).slug;
  const savedParam = (await searchParams).saved;
  const saved = z.uuid().safeParse(Array.isArray(savedParam) ? savedParam[0] : savedParam);
  const user = await requireUser(`/labs/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const lab = slug.success ? await openLab({ userId: user.id, slug: slug.data, savedId: saved.success ? saved.data : undefined }) : null;
  if (!lab) notFound();
  return <LabWorkspace lab={lab} />;
}
