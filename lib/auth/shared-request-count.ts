import type { Db } from "@/db/client";

/** How late every process's requests are added up: the most a key can overrun its limit by, in time. */
const FLUSH_EVERY_MS = 1_000;

type Options = {
  prefix: string;
  points: number;
  durationSeconds: number;
  /** A key over the limit, and the seconds left in its window. */
  onOver: (key: string, seconds: number) => void;
};

/**
 * Adds this process's requests to a count per key that every process shares in PostgreSQL (the
 * rate_limits table, a fixed window per key as rate-limiter-flexible keeps it). The library writes
 * one row per request; at the gate's rates that write cost more than the decision it guarded
 * (docs/benchmarks.md), so the counts are added for all keys in one statement a second.
 */
export class SharedRequestCount {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: Options,
  ) {}

  add(key: string): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_EVERY_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return;
    const { prefix, points, durationSeconds, onOver } = this.options;
    try {
      const counts = JSON.stringify([...batch].map(([key, n]) => ({ key, n })));
      const rows = await this.db.$client<{ key: string; points: number; seconds: number }[]>`
        insert into rate_limits (key, points, expire)
        select ${prefix} || ':' || t.key, t.n, now() + make_interval(secs => ${durationSeconds}::float8)
        from jsonb_to_recordset(${counts}::jsonb) as t(key text, n int)
        on conflict (key) do update set
          points = case when rate_limits.expire <= now() then excluded.points
            else rate_limits.points + excluded.points end,
          expire = case when rate_limits.expire <= now() then excluded.expire else rate_limits.expire end
        returning substr(key, ${prefix.length + 2}) as key, points,
          extract(epoch from expire - now())::float8 as seconds`;
      for (const row of rows) if (row.points > points) onOver(row.key, Math.max(1, Math.ceil(row.seconds)));
    } catch (error) {
      // A process closing its database drops what it had not added yet: a second's requests at most.
      const code = (error as { code?: string }).code;
      if (code !== "CONNECTION_ENDED" && code !== "CONNECTION_DESTROYED")
        console.error("Adding API requests to the shared count failed", error);
    }
  }
}
