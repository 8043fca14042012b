/** Rolling windows a list or a count can be limited to: "the last 24 hours" never empties at midnight. */
export const RUN_WINDOWS = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
export type RunWindow = keyof typeof RUN_WINDOWS;
export const RUN_WINDOW_KEYS = Object.keys(RUN_WINDOWS) as [RunWindow, ...RunWindow[]];

export const RUN_WINDOW_LABELS: Record<RunWindow, string> = {
  "1h": "Last hour",
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
};

/** The window's first instant, `now` included as a parameter so tests (and midnight) get what they expect. */
export const windowStart = (window: RunWindow, now: Date): Date =>
  new Date(now.getTime() - RUN_WINDOWS[window]);
