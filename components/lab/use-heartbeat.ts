"use client";
import { useEffect } from "react";
import { labUrl } from "./api";

const HEARTBEAT_MS = 30_000;

/** Tells the server the learner is still looking at the lab (time on task); only while the tab is visible. */
export function useHeartbeat(slug: string) {
  useEffect(() => {
    const beat = () => {
      if (document.visibilityState !== "visible") return;
      fetch(labUrl(slug, "heartbeat"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
        credentials: "same-origin",
        keepalive: true,
      }).catch(() => {
        // A missed beat only costs a little time-on-task; never bother the learner with it.
      });
    };
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [slug]);
}
