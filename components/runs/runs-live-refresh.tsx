"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const MIN_INTERVAL_MS = 500;

/** Re-renders the server list when any run of the tenant commits a step, at most twice a second. */
export function RunsLiveRefresh() {
  const router = useRouter();
  useEffect(() => {
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
    const source = new EventSource("/api/runs/events");
    source.addEventListener("step", refresh);
    return () => {
      source.close();
      clearTimeout(timer);
    };
  }, [router]);
  return (
    <span className="live-indicator" role="status">
      <span className="run-status-dot" aria-hidden /> Live
    </span>
  );
}
