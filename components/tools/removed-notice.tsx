"use client";

import { useEffect, useState } from "react";

export const REMOVED_EVENT = "flightdeck:mcp-server-removed";

/** After a server is removed (its row gone), says so, and which agents still list its tools. */
export function RemovedNotice() {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const show = (event: Event) => setMessage((event as CustomEvent<string>).detail);
    window.addEventListener(REMOVED_EVENT, show);
    return () => window.removeEventListener(REMOVED_EVENT, show);
  }, []);
  if (!message) return <div role="status" aria-live="polite" className="sr-only" />;
  return (
    <div className="alert alert-ok" role="status">
      {message}{" "}
      <button type="button" className="button-secondary button-small" onClick={() => setMessage(null)}>
        Dismiss
      </button>
    </div>
  );
}
