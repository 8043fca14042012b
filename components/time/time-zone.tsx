"use client";

import { createContext, type ReactNode, useContext } from "react";
import { formatInZone, formatUtc, type TimePrecision } from "@/components/runs/format";

const TimeZoneContext = createContext("UTC");

/** The signed-in person's time zone (an IANA name; UTC until they choose one) for every timestamp below. */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext value={timeZone}>{children}</TimeZoneContext>;
}

export const useTimeZone = () => useContext(TimeZoneContext);

/** A timestamp in the reader's zone, with UTC on hover; `fallback` when there is none. */
export function Time({
  at,
  precision = "second",
  className,
  fallback = null,
}: {
  at: string | Date | null;
  precision?: TimePrecision;
  className?: string;
  fallback?: ReactNode;
}) {
  const timeZone = useTimeZone();
  if (at === null) return fallback;
  const iso = new Date(at).toISOString();
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {formatInZone(iso, timeZone, precision)}
    </time>
  );
}
