import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { slugSchema } from "@/lib/schemas/content";
import { requireUser } from "@/lib/server/auth";
import { openLab } from "@/lib/server/lab/view";
import { LabWorkspace } from "@/components/lab/lab-workspace";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Lab" };

export default async function LabPage({ params }: Props) {
  const raw = (await params).slug;
  const user = await requireUser(`/labs/${encodeURIComponent(raw)}`);
  const slug = slugSchema.safeParse(raw);
  const lab = slug.success ? await openLab({ userId: user.id, slug: slug.data }) : null;
  if (!lab) notFound();
  return <LabWorkspace lab={lab} />;
}
