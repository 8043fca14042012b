import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Db } from "@/db/client";
import { env } from "@/lib/env";
import { resolveModel } from "@/lib/models/resolve-model";
import { type ResilienceSettings, resilienceFromEnv } from "@/lib/resilience/settings";
import type { StartChildRun } from "./delegation";

export type EngineConfig = {
  db: Db;
  /** Names this process in leases, e.g. `host:pid:random`. */
  owner: string;
  leaseSeconds: number;
  modelTimeoutMs: number;
  /** Base URL of this app, for tools that call it. */
  appBaseUrl: string;
  resolveModel: (name: string) => LanguageModelV4;
  /** Retries and circuit breakers; the defaults when absent. */
  resilience?: ResilienceSettings;
  /** Per-step timings for benchmarks: the model or tool work, and the engine's own time around it. */
  observe?: (sample: StepSample) => void;
  /** Starts the child run of a delegate call; absent, this engine cannot delegate (the call gets an error). */
  startChildRun?: StartChildRun;
};

/** `commitMs`: of the overhead, the wait for the step's commit (its group's turn and write). */
export type StepSample = { kind: "model" | "tool"; workMs: number; overheadMs: number; commitMs: number };

export function engineConfigFromEnv(db: Db, owner: string): EngineConfig {
  const config = env();
  return {
    db,
    owner,
    leaseSeconds: config.FLIGHTDECK_LEASE_SECONDS,
    modelTimeoutMs: config.FLIGHTDECK_MODEL_TIMEOUT_SECONDS * 1000,
    appBaseUrl: `http://127.0.0.1:${config.PORT}`,
    resolveModel: (name) => resolveModel(name, config),
    resilience: resilienceFromEnv(),
  };
}

/** Reports a step's timings to `observe`, if anyone listens; `started` is the step's performance.now(). */
export function observeStep(
  config: EngineConfig,
  kind: StepSample["kind"],
  started: number,
  workMs: number,
  commitMs: number,
) {
  if (!config.observe) return;
  const total = performance.now() - started;
  config.observe({ kind, workMs, overheadMs: Math.max(0, total - workMs), commitMs });
}
