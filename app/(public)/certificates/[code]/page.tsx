import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { certificateCodeSchema } from "@/lib/schemas/certificate";
import { checkCertificate } from "@/lib/server/certificates";
import { PrintButton } from "@/components/certificate/print-button";

export const metadata: Metadata = { title: "Certificate", robots: { index: false } };

type Props = { params: Promise<{ code: string }> };

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Anyone can check a certificate by its code; an unknown code is a 404. */
export default async function CertificatePage({ params }: Props) {
  const parsed = certificateCodeSchema.safeParse((await params).code);
  if (!parsed.success) notFound();
  const c = await checkCertificate(parsed.data);
  if (!c) notFound();
  return (
    <div className="stack">
      <article className="certificate card" aria-labelledby="certificate-title">
        <p className="kind">Watchfloor · certificate of completion</p>
        <h1 id="certificate-title">{c.name}</h1>
        <p className="lede">
          completed every lesson, quiz and lab of the track <strong>{c.trackTitle}</strong> on {day(c.issuedAt)}.
        </p>
        <p>
          Verification code <code data-testid="certificate-code">{c.code}</code>
        </p>
        {c.status === "valid" ? (
          <p className="status status-completed" role="status">
            Verified: issued by this Watchfloor to this account.
          </p>
        ) : (
          <p className="form-error" role="status">
            {c.status === "deactivated"
              ? `The account holding this certificate was deactivated${c.since ? ` on ${day(c.since)}` : ""}.`
              : `The password of the account holding this certificate was reset by an admin${c.since ? ` on ${day(c.since)}` : ""}.`}
          </p>
        )}
      </article>
      <p className="no-print">
        <PrintButton /> <Link href={`/tracks/${c.trackSlug}`}>About the track</Link>
      </p>
    </div>
  );
}
