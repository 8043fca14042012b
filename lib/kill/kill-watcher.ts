import type { Db } from "@/db/client";
import { type CoveredRun, coversRun, SCOPES_BROADEST_FIRST } from "./coverage";
import { type EngagedSwitch, KILL_CHANNEL } from "./killed-error";
import { loadEngagedSwitches } from "./queries";

type RunKey = CoveredRun;
type Listener = () => void;

const REFRESH_MS = 3000;

/**
 * The engaged switches, kept in memory per process so the engine checks them before every model
 * and tool call without a query. One LISTEN per process reloads them on every engage or release;
 * a slow poll covers a notification lost while the listening connection was down.
 */
export class KillWatcher {
  private switches: EngagedSwitch[] = [];
  private listeners = new Set<Listener>();
  private starting: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly db: Db) {}

  /** Resolves once the switches are loaded and LISTEN is in place. */
  ready(): Promise<void> {
    // A failed start is retried by the next caller rather than remembered.
    this.starting ??= this.start().catch((error) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  isKilled(run: RunKey): EngagedSwitch | null {
    const hits = this.switches.filter((s) => coversRun(s, run));
    hits.sort((a, b) => SCOPES_BROADEST_FIRST.indexOf(a.scope) - SCOPES_BROADEST_FIRST.indexOf(b.scope));
    return hits[0] ?? null;
  }

  /** Called after every reload; listeners check their own runs with isKilled. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async refresh(): Promise<void> {
    this.switches = await loadEngagedSwitches(this.db);
    for (const listener of this.listeners) listener();
  }

  private async start(): Promise<void> {
    await this.db.$client.listen(KILL_CHANNEL, () => void this.refresh().catch(() => {}));
    await this.refresh();
    this.timer = setInterval(
      () =>
        void this.refresh().catch((error) => {
          // The pool closed (shutdown, end of a test file): nothing left to watch.
          if (/CONNECTION_(ENDED|DESTROYED)/.test(String(error?.code))) this.stop();
        }),
      REFRESH_MS,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

const watchers = new WeakMap<Db, KillWatcher>();

/** The process's watcher for this database. */
export function killWatcher(db: Db): KillWatcher {
  let watcher = watchers.get(db);
  if (!watcher) {
    watcher = new KillWatcher(db);
    watchers.set(db, watcher);
  }
  return watcher;
}
