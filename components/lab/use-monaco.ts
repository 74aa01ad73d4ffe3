"use client";
// Every Monaco editor on our pages loads the same way: the local build (monaco-setup.ts), set up
// for its language, with a plain text box when it cannot load.
import { useEffect, useState } from "react";
import type { MonacoApi } from "./monaco-setup";

/** `load` must be stable (module-level, or useCallback): a new one loads again. */
export function useMonaco(load: () => Promise<MonacoApi>): { monaco: MonacoApi | null; failed: boolean } {
  const [monaco, setMonaco] = useState<MonacoApi | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    load().then(
      (m) => {
        if (!cancelled) setMonaco(m);
      },
      (err: unknown) => {
        console.error("Monaco failed to load; using a plain text box", err);
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load]);
  return { monaco, failed };
}
