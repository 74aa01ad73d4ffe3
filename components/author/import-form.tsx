"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

type Imported = { itemId: string; kind: string; slug: string; number: number };

/** "Import": an archive (.zip, as an export gives) becomes drafts, or is refused with the reason. */
export function ImportForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem("archive") as HTMLInputElement).files?.[0];
    if (!file) return setMessage({ ok: false, text: "Choose a .zip archive first." });
    setPending(true);
    try {
      const res = await fetch("/api/author/import", { method: "POST", headers: { "content-type": "application/zip" }, body: file });
      const body = (await res.json()) as { imported?: Imported[]; message?: string };
      if (!res.ok || !body.imported) return setMessage({ ok: false, text: body.message ?? `Import failed (${res.status}).` });
      setMessage({ ok: true, text: `Imported as drafts: ${body.imported.map((i) => `${i.kind} ${i.slug} v${i.number}`).join(", ")}.` });
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="card author-new" aria-label="Import">
      <label>
        Archive <input type="file" name="archive" accept=".zip,application/zip" />
      </label>
      <button type="submit" disabled={pending}>
        Import
      </button>
      <span aria-live="polite" className={message?.ok ? "status" : "field-error"}>
        {message?.text}
      </span>
    </form>
  );
}
