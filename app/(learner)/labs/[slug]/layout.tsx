import { requireUser } from "@/lib/server/auth";

/**
 * The session is checked here, before the page's loading state streams: a request without a live
 * session gets a real redirect to sign in (307), not a 200 whose stream redirects later. The page
 * checks again itself.
 */
export default async function LabLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  await requireUser(`/labs/${encodeURIComponent((await params).slug)}`);
  return children;
}
