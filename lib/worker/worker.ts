import { hostname } from "node:os";
import type postgres from "postgres";
import { isDatabaseUnavailable } from "@/db/connection-errors";
import type { Run } from "@/db/schema";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { escalateApprovals } from "@/lib/approvals/escalate-approvals";
import { expireApprovals } from "@/lib/approvals/expire-approvals";
import { randomToken } from "@/lib/auth/secrets";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { SuiteRunWorker } from "@/lib/evals/suite-run-worker";
import { endOverdueGateRuns } from "@/lib/gate/overdue";
import { fileUnreportedGateCalls } from "@/lib/gate/unreported";
import { killWatcher } from "@/lib/kill/kill-watcher";
import { compilePolicy } from "@/lib/policy/compile";
import { sweepRollouts } from "@/lib/rollout/rollout-sweep";
import { childRunStarter } from "@/lib/runs/start-child-run";
import type { EngineConfig } from "@/lib/runtime/engine-config";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimRuns } from "@/lib/runtime/lease";
import { flushOtlpExport } from "@/lib/telemetry/otlp-export";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { WebhookSender } from "@/lib/webhooks/sender";

const APPROVAL_EXPIRY_CHECK_MS = 2000;
/** Alert rules look at windows of minutes: measuring them every half minute is soon enough. */
const ALERTS_CHECK_MS = 30_000;
/** Rollouts are judged over windows of minutes; shadows start within seconds of their live run's end. */
const ROLLOUTS_CHECK_MS = 5_000;

export type WorkerOptions = {
  concurrency: number;
  pollMs?: number;
  /** Also runs eval suite runs queued from the app, one at a time (default true). */
  suiteRuns?: boolean;
};

export const newOwnerId = (): string => `${hostname()}:${process.pid}:${randomToken(4)}`;

/**
 * Takes runs from the database and drives them, up to `concurrency` at a time. New runs wake it
 * through LISTEN/NOTIFY; a slow poll also catches runs whose process died and whose lease expired.
 * Any number of workers, in any number of processes, can share one database.
 */
export class RunWorker {
  private active = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private alertsTimer: NodeJS.Timeout | undefined;
  private rolloutsTimer: NodeJS.Timeout | undefined;
  private sweepingRollouts = false;
  private unlisten: (() => Promise<void>) | undefined;
  private claiming = false;
  private again = false;
  private stopped = false;
  private readonly webhooks: WebhookSender;
  private readonly suiteRuns: SuiteRunWorker | null;

  private readonly config: EngineConfig;

  constructor(
    config: EngineConfig,
    private readonly sql: postgres.Sql,
    private readonly options: WorkerOptions,
  ) {
    // A delegate call starts its child run as any run starts.
    this.config = { ...config, startChildRun: config.startChildRun ?? childRunStarter(config.db) };
    this.webhooks = new WebhookSender(config.db);
    this.suiteRuns = options.suiteRuns === false ? null : new SuiteRunWorker(config, options.pollMs ?? 1000);
  }

  async start(): Promise<void> {
    // Kill switches are loaded before the first claim, so no run starts under one unseen.
    await killWatcher(this.config.db).ready();
    const listener = await this.sql.listen(RUNS_CHANNEL, () => this.wake());
    this.unlisten = listener.unlisten;
    this.timer = setInterval(() => this.wake(), this.options.pollMs ?? 1000);
    // Any worker may expire requests nobody decided in time; the update makes it safe for several.
    this.expiryTimer = setInterval(() => {
      void expireApprovals(this.config.db).catch(() => {});
      void escalateApprovals(this.config.db).catch(() => {});
      void endOverdueGateRuns(this.config.db).catch(() => {});
      void fileUnreportedGateCalls(this.config.db).catch(() => {});
      this.webhooks.wake();
    }, APPROVAL_EXPIRY_CHECK_MS);
    this.alertsTimer = setInterval(
      () => void evaluateAlerts(this.config.db).catch(() => {}),
      ALERTS_CHECK_MS,
    );
    this.rolloutsTimer = setInterval(() => this.sweepRollouts(), ROLLOUTS_CHECK_MS);
    await this.webhooks.start(this.sql);
    // The first policy is validated and parsed once per process (and the WebAssembly warmed): do
    // it now rather than on a run's first tool call.
    compilePolicy("warm-up", 0, DEFAULT_POLICY);
    this.wake();
    this.suiteRuns?.start();
  }

  /** One rollout sweep at a time per worker: a slow one is not joined by the next. */
  private sweepRollouts(): void {
    if (this.sweepingRollouts || this.stopped) return;
    this.sweepingRollouts = true;
    void sweepRollouts(this.config.db)
      .catch((error) => {
        if (!isDatabaseUnavailable(error)) console.error("Sweeping rollouts failed", error);
      })
      .finally(() => {
        this.sweepingRollouts = false;
      });
  }

  /** Claims as many runs as there are free slots. Calls while claiming coalesce into one more round. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.again = true;
      return;
    }
    this.claiming = true;
    void this.claimLoop().finally(() => {
      this.claiming = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopped && this.active.size < this.options.concurrency) {
      const free = this.options.concurrency - this.active.size;
      const claimed = await claimRuns(
        this.config.db,
        this.config.owner,
        this.config.leaseSeconds,
        free,
      ).catch((error) => {
        if (isDatabaseUnavailable(error)) console.error("Claiming a run failed: the database is unavailable");
        else console.error("Claiming a run failed", error);
        return [];
      });
      for (const run of claimed) this.drive(run);
      // Fewer than asked for: nothing else is waiting.
      if (claimed.length < free) return;
    }
  }

  private drive(run: Run): void {
    const controller = new AbortController();
    this.active.set(run.id, controller);
    // Live views learn that the run is now running.
    stepNotifier(this.sql).announce(run.tenantId, run.id, run.lastSeq);
    void executeRun(this.config, run, controller.signal)
      .catch((error) => console.error(`Run ${run.id} crashed the engine`, error))
      .finally(() => {
        this.active.delete(run.id);
        this.wake();
      });
  }

  get activeRuns(): number {
    return this.active.size;
  }

  /** Stops claiming and aborts in-flight runs; their leases expire and another worker resumes them. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.expiryTimer);
    clearInterval(this.alertsTimer);
    clearInterval(this.rolloutsTimer);
    for (const controller of this.active.values()) controller.abort(new Error("worker stopping"));
    await this.suiteRuns?.stop();
    await this.unlisten?.().catch(() => {});
    await this.webhooks.stop();
    const deadline = Date.now() + 5000;
    while (this.active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // Spans still queued for the collector (and their reads) need the database, which closes next.
    await flushOtlpExport();
  }
}
