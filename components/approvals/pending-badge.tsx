"use client";

import { useEffect, useState } from "react";
import { subscribeApprovals } from "./approvals-feed";

/** The live number of requests waiting for a person, next to "Approvals" in the sidebar. */
export function PendingBadge({ initial }: { initial: number }) {
  const [pending, setPending] = useState(initial);
  useEffect(() => setPending(initial), [initial]);
  useEffect(() => subscribeApprovals(setPending), []);
  if (pending === 0) return null;
  // Hidden from the link's accessible name ("Approvals"); the inbox itself says how many wait.
  return (
    <span
      className="nav-badge"
      aria-hidden
      title={`${pending} waiting for a decision`}
      data-testid="approvals-badge"
    >
      {pending}
    </span>
  );
}
