"use client";

import type { LiveState } from "./live-source";

const clock = (ms: number) =>
  new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** Says whether what the page shows is live, or since when it may be stale. */
export function ConnectionStatus({ state }: { state: LiveState }) {
  return (
    <span
      className={`live-indicator live-${state.kind}`}
      role="status"
      aria-live="polite"
      data-testid="connection-status"
    >
      {state.kind === "live" && (
        <>
          <span className="run-status-dot" aria-hidden /> Live
        </>
      )}
      {state.kind === "connecting" && "Connecting…"}
      {state.kind === "offline" && (
        <>
          Offline since <time dateTime={new Date(state.since).toISOString()}>{clock(state.since)}</time> —
          data may be stale
        </>
      )}
    </span>
  );
}
