import type { RunStatus } from "@/db/schema/runs";

// Mirrors TERMINAL_STATUSES without importing the schema module into browser bundles.
const TERMINAL: ReadonlySet<RunStatus> = new Set<RunStatus>([
  "succeeded",
  "unverified",
  "failed",
  "killed",
  "stopped",
]);

export const isTerminalStatus = (status: RunStatus): boolean => TERMINAL.has(status);

/** `$0.0012`; "unpriced" when any model call had no known price: never a guessed number. */
export function formatCost(usd: number | null): string {
  if (usd === null) return "unpriced";
  if (usd > 0 && usd < 0.0001) return "<$0.0001";
  return `$${usd.toFixed(4)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const formatTokens = (n: number): string => n.toLocaleString("en-US");

/** `2026-12-06 11:14:05 UTC`: what a timestamp's title shows, whatever the reader's zone. */
export const formatUtc = (iso: string | Date): string =>
  `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    zoneFormats.set(timeZone, format);
  }
  return format;
}

export type TimePrecision = "second" | "minute" | "time";

/**
 * `2026-12-06 12:14:05 GMT+1`: the same layout as UTC, in the reader's zone (an IANA name), with
 * the zone's short name so a copied timestamp still says which it is; `time` leaves the date out.
 * The zone comes from the person's settings, so the server and the browser render the same text.
 */
export function formatInZone(iso: string | Date, timeZone: string, precision: TimePrecision = "second") {
  const parts: Record<string, string> = {};
  for (const part of zoneFormat(timeZone).formatToParts(new Date(iso))) parts[part.type] = part.value;
  const clock = `${parts.hour}:${parts.minute}${precision === "minute" ? "" : `:${parts.second}`}`;
  const day = precision === "time" ? "" : `${parts.year}-${parts.month}-${parts.day} `;
  return `${day}${clock} ${parts.timeZoneName}`;
}

export function formatRelative(iso: string | Date, now: number): string {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2) ?? "undefined";

export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
