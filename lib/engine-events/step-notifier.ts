import type postgres from "postgres";
import { STEPS_CHANNEL } from "./run-channels";

// PostgreSQL serialises the commits of transactions that NOTIFY (measured here: a NOTIFY inside
// each step's commit halved throughput at 50 concurrent runs). So steps commit without one, and
// each process announces its committed steps in batches: one NOTIFY per flush carrying
// "tenant:run:seq" entries, at most FLUSH_MS after the commit. Readers fetch by cursor anyway.
const FLUSH_MS = 15;
const MAX_PAYLOAD = 7000;

class StepNotifier {
  private pending = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sql: postgres.Sql) {}

  /** Call after the step's commit: the announcement can never precede the data. */
  announce(tenantId: string, runId: string, seq: number): void {
    this.pending.set(runId, `${tenantId}:${runId}:${seq}`);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    this.timer = undefined;
    const entries = [...this.pending.values()];
    this.pending.clear();
    const payloads: string[] = [];
    let current = "";
    for (const entry of entries) {
      if (current && current.length + entry.length + 1 > MAX_PAYLOAD) {
        payloads.push(current);
        current = "";
      }
      current = current ? `${current},${entry}` : entry;
    }
    if (current) payloads.push(current);
    for (const payload of payloads) {
      await this.sql`select pg_notify(${STEPS_CHANNEL}, ${payload})`.catch((error) => {
        // A pool closing at shutdown has nobody left to tell; anything else is worth a line.
        if (!/CONNECTION_(ENDED|DESTROYED)/.test(String(error?.code)))
          console.error("Announcing committed steps failed", error);
      });
    }
  }
}

const notifiers = new WeakMap<postgres.Sql, StepNotifier>();

export function stepNotifier(sql: postgres.Sql): StepNotifier {
  let notifier = notifiers.get(sql);
  if (!notifier) {
    notifier = new StepNotifier(sql);
    notifiers.set(sql, notifier);
  }
  return notifier;
}
