import { Fragment } from "react";

/** Plain text from lab files, with `backtick` spans shown as code (no HTML is ever interpreted). */
export function InlineText({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}</>;
}
