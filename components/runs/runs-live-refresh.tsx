"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo } from "react";
import { ConnectionStatus } from "@/components/live/connection-status";
import { useLiveSource } from "@/components/live/use-live-source";

const MIN_INTERVAL_MS = 500;

/** A function that re-renders the server page at most twice a second, however often it is called. */
function useThrottledRefresh() {
  const router = useRouter();
  const throttled = useMemo(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = undefined;
          last = Date.now();
          router.refresh();
        },
        Math.max(0, last + MIN_INTERVAL_MS - Date.now()),
      );
    };
    return { refresh, cancel: () => clearTimeout(timer) };
  }, [router]);
  useEffect(() => throttled.cancel, [throttled]);
  return throttled.refresh;
}

/**
 * Re-renders the server list when any run of the tenant commits a step, and once more when the feed
 * comes back after an outage (steps committed meanwhile were never announced to this page).
 */
export function RunsLiveRefresh() {
  const refresh = useThrottledRefresh();
  const state = useLiveSource("/api/runs/events", { events: { step: refresh }, onRecover: refresh });
  return <ConnectionStatus state={state} />;
}
