"use client";

import { Time } from "@/components/time/time-zone";
import type { LiveState } from "./live-source";

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
          Offline since <Time at={new Date(state.since)} precision="time" /> — data may be stale
        </>
      )}
    </span>
  );
}
