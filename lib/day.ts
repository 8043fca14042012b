// Days are UTC calendar days, YYYY-MM-DD: prices take effect, budgets reset and charts bucket by them.
export const DAY_MS = 86_400_000;

/** The UTC day a moment falls on. */
export const utcDay = (at: Date | number): string => new Date(at).toISOString().slice(0, 10);

/** The current UTC day. */
export const utcToday = (now: Date | number = Date.now()): string => utcDay(now);

/** The day `n` days after `day` (before, for a negative n). */
export const addDays = (day: string, n: number): string =>
  utcDay(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);
