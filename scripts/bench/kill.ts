import type { Database } from "@/db/client";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { resolveModel } from "@/lib/models/resolve-model";
import { startRun } from "@/lib/runs/start-run";

import { executeRun } from "@/lib/runtime/execute-run";
import { claimNextRun } from "@/lib/runtime/lease";
import { type BenchTenant, benchEngine } from "./engine";

export type KillFigures = { stops: number; p50Ms: number; p95Ms: number; maxMs: number };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Stop latency: a run is inside a slow model call (a simulated 5 s call); the time from the Stop
 * (the same `engageKillSwitch` the button's server action calls) until the in-flight call has been
 * aborted and the run has ended `killed`.
 */
export async function measureKillLatency(
  database: Database,
  tenant: BenchTenant,
  stops = 20,
): Promise<KillFigures> {
  const engine = benchEngine(database, "bench-kill", (name) => resolveModel(name, {}));
  const latencies: number[] = [];
  for (let i = 0; i < stops; i++) {
    const queued = await startRun(database.db, tenant.actor, {
      agent: "ops-health",
      input: "kill drill",
      model: "sim:default:5000",
    });
    const run = await claimNextRun(database.db, engine.owner, engine.leaseSeconds);
    if (!run || run.id !== queued.id) throw new Error("the kill drill could not claim its run");
    const running = executeRun(engine, run, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stoppedAt = performance.now();
    await engageKillSwitch(database.db, tenant.actor, {
      scope: "run",
      target: queued.id,
      reason: "benchmark",
    });
    await running;
    latencies.push(performance.now() - stoppedAt);
  }
  return {
    stops,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: Math.max(...latencies),
  };
}
