"use client";

import "./time.css";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { setTimeZoneAction } from "@/app/(app)/time-zone-actions";

/**
 * Shown until a person has chosen a time zone, when their browser's is not UTC: one click to read
 * timestamps in it, or to keep UTC. Either choice is stored, so it is offered once.
 */
export function TimeZoneOffer() {
  const router = useRouter();
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== "UTC" && zone !== "Etc/UTC") setBrowserZone(zone);
  }, []);
  if (!browserZone || done) return null;
  const choose = async (zone: string) => {
    const result = await setTimeZoneAction(zone);
    if (!result.ok) return setError(result.error.message);
    setDone(true);
    router.refresh();
  };
  return (
    <aside className="alert time-zone-offer" aria-label="Time zone">
      <span>
        Times are shown in UTC. Show them in your browser&apos;s time zone, <strong>{browserZone}</strong>?
        You can change it later in Settings.
      </span>{" "}
      <button type="button" className="button-primary button-small" onClick={() => choose(browserZone)}>
        Use {browserZone}
      </button>{" "}
      <button type="button" className="button-secondary button-small" onClick={() => choose("UTC")}>
        Keep UTC
      </button>
      {error && (
        <span className="field-error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </aside>
  );
}
