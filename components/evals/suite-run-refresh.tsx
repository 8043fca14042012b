"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 1000;

/** Re-renders the suite page every second while one of its runs is queued or running, then stops. */
export function SuiteRunRefresh({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => router.refresh(), EVERY_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return active ? (
    <p className="hint" role="status">
      A run is under way: this page follows it.
    </p>
  ) : null;
}
