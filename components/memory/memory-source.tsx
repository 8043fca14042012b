import Link from "next/link";
import type { MemorySource } from "@/db/schema";

/** Who wrote a version: a link to the run and its step, or the person (or key) who edited it. */
export function MemorySourceLink({ source }: { source: MemorySource }) {
  if (source.kind === "run")
    return (
      <Link
        href={`/runs/${source.runId}${source.seq ? `#step-${source.seq}` : ""}`}
        className="memory-source"
      >
        Run {source.runId.slice(0, 8)}
        {source.seq ? ` · step ${source.seq}` : ""}
      </Link>
    );
  return <span className="memory-source">✎ {source.label}</span>;
}

export function UntrustedBadge() {
  return (
    <span
      className="badge memory-untrusted"
      title="Read, in whole or in part, in text written by outsiders (a ticket body, a web page). A call that uses it counts as untrusted."
    >
      ⚠ untrusted
    </span>
  );
}

/** One line of a value, for lists. */
export function valuePreview(value: unknown, max = 90): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The Memory page with one item open. */
export const memoryItemHref = (base: string, key: string, session: string | null): string =>
  `${base}?${new URLSearchParams(session ? { key, session } : { key })}`;
