"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="stack">
      <h1>Something went wrong</h1>
      <p className="muted">
        The page could not be shown. Try again; if it keeps failing, tell an instructor
        {error.digest ? ` and quote reference ${error.digest}` : ""}.
      </p>
      <p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </p>
    </div>
  );
}
