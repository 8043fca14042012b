"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { setTimeZoneAction } from "@/app/(app)/time-zone-actions";

/** The zone this person reads timestamps in; every page shows times in it, with UTC on hover. */
export function TimeZoneSection({ current, zones }: { current: string | null; zones: string[] }) {
  const router = useRouter();
  const [zone, setZone] = useState(current ?? "UTC");
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  useEffect(() => setBrowserZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? null), []);
  const save = (value: string) =>
    startTransition(async () => {
      const result = await setTimeZoneAction(value);
      setMessage(
        result.ok
          ? { ok: true, text: `Times are now shown in ${result.data.timeZone}.` }
          : { ok: false, text: result.error.message },
      );
      if (result.ok) router.refresh();
    });
  return (
    <section className="card" aria-labelledby="time-zone-title">
      <h2 id="time-zone-title">Time zone</h2>
      <p className="hint">
        Every timestamp is shown in this zone, with UTC when you hover it. Now:{" "}
        <strong>{current ?? "UTC (not chosen yet)"}</strong>.
      </p>
      {message && (
        <div
          className={message.ok ? "alert alert-ok" : "alert alert-error"}
          role={message.ok ? "status" : "alert"}
        >
          {message.text}
        </div>
      )}
      <form
        aria-label="Your time zone"
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          save(zone);
        }}
      >
        <div className="field">
          <label htmlFor="time-zone">Time zone</label>
          <select
            id="time-zone"
            name="timeZone"
            value={zone}
            onChange={(event) => setZone(event.target.value)}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Save time zone
        </button>
        {browserZone && browserZone !== zone && zones.includes(browserZone) && (
          <button
            type="button"
            className="button-secondary"
            disabled={pending}
            onClick={() => {
              setZone(browserZone);
              save(browserZone);
            }}
          >
            Use my browser&apos;s ({browserZone})
          </button>
        )}
      </form>
    </section>
  );
}
