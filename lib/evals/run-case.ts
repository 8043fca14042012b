import { and, eq, notInArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Run, runs, TERMINAL_STATUSES } from "@/db/schema";
import { childRunStarter } from "@/lib/runs/start-child-run";
import { startRun } from "@/lib/runs/start-run";
import type { EngineConfig } from "@/lib/runtime/engine-config";
import { executeRun } from "@/lib/runtime/execute-run";
import { claimQueuedRun } from "@/lib/runtime/lease";
import { demoFlakyMode } from "@/lib/tools/demo/flaky";
import type { AgentUnderTest } from "./agent-under-test";
import { applyFixture } from "./apply-fixture";
import type { EvalCase } from "./case-schema";
import { type CheckResult, checkCase } from "./check-case";
import type { ObservedCall } from "./observation";
import { observeRun } from "./observe-run";
import { rateLimitedModel } from "./rate-limited-model";
import { copyPlaybooks, createScratchTenant, installAgent, removeScratchTenant } from "./scratch-tenant";
import { seededRandom } from "./seeded-random";

const { useRandom: swapFlakyRandom } = demoFlakyMode;

export type CaseResult = {
  name: string;
  agent: string;
  agentVersion: number;
  model: string | null;
  pass: boolean;
  status: string | null;
  stopReason: string | null;
  steps: number;
  costUsd: number | null;
  /** The run alone, from start to its end. */
  durationMs: number;
  /** The scratch tenant: created, shop and agents seeded, fixture applied. */
  setupMs: number;
  runId: string | null;
  checks: CheckResult[];
  /** The run's tool calls in order: its trajectory, compared with an earlier pass's when it fails. */
  calls?: ObservedCall[];
  /** The case could not be run (a bad fixture, an unknown agent): it fails. */
  error?: string;
};

export type CaseOptions = {
  engine: EngineConfig;
  agent: AgentUnderTest;
  model?: string;
  /** Keeps the scratch tenant, to look at the run in the app afterwards. */
  keep?: boolean;
  /** The longest a case's run may take before it counts as failed. */
  timeoutMs?: number;
};

/** A case's result before its run: failing until its checks say otherwise. */
export const notRun = (testCase: EvalCase, agentVersion: number, error?: string): CaseResult => ({
  name: testCase.name,
  agent: testCase.agent.name,
  agentVersion,
  model: null,
  pass: false,
  status: null,
  stopReason: null,
  steps: 0,
  costUsd: null,
  durationMs: 0,
  setupMs: 0,
  runId: null,
  checks: [],
  ...(error !== undefined && { error }),
});

/** One case in a scratch tenant of its own: seed, apply the fixture, run to its end, check, remove. */
export async function runCase(db: Db, testCase: EvalCase, options: CaseOptions): Promise<CaseResult> {
  const model = testCase.model ?? options.model ?? null;
  const result = notRun(testCase, options.agent.version);
  result.model = model;
  const setupStarted = performance.now();
  const scratch = await createScratchTenant(db);
  // The same flaky failures on every run of the case, so a fault drill is a stable CI check.
  const restoreRandom = swapFlakyRandom(seededRandom(testCase.name));
  try {
    if (options.agent.definition)
      await installAgent(db, scratch.tenantId, { ...options.agent, definition: options.agent.definition });
    if (options.agent.sourceTenantId) await copyPlaybooks(db, options.agent.sourceTenantId, scratch.tenantId);
    await applyFixture(db, scratch.tenantId, testCase.fixture);
    result.setupMs = Math.round(performance.now() - setupStarted);
    const limited = testCase.fixture?.model_rate_limited_calls ?? 0;
    // A delegating agent's child runs are started and driven here too, like its own run.
    const own: EngineConfig = {
      ...options.engine,
      startChildRun: options.engine.startChildRun ?? childRunStarter(db),
    };
    const engine: EngineConfig = limited
      ? { ...own, resolveModel: (name) => rateLimitedModel(own.resolveModel(name), limited) }
      : own;
    const started = performance.now();
    const queued = await startRun(db, scratch.actor, {
      agent: testCase.agent.name,
      input: testCase.goal,
      ...(model && { model }),
    });
    result.runId = queued.id;
    result.model = queued.model;
    const run = await driveToSettled(db, engine, queued.id, options.timeoutMs ?? 120_000);
    result.durationMs = Math.round(performance.now() - started);
    Object.assign(result, {
      status: run.status,
      stopReason: run.stopReason,
      steps: run.lastSeq,
      costUsd: run.costUsd,
    });
    const observation = await observeRun(db, run);
    result.calls = observation.calls;
    result.checks = checkCase(testCase.expect, observation);
    result.pass = result.checks.every((check) => check.pass);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    restoreRandom();
    if (!options.keep) await removeScratchTenant(db, scratch.tenantId);
  }
  return result;
}

const settled = (run: Run) =>
  TERMINAL_STATUSES.includes(run.status) || run.status === "waiting_approval" || run.status === "paused";

/**
 * Runs it here when this process claims it (again, after each child it waited for); else waits for
 * the worker that did. A run waiting for a child that waits for a person is as far as it goes.
 */
async function driveToSettled(db: Db, engine: EngineConfig, runId: string, timeoutMs: number): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const claimed = await claimQueuedRun(db, engine.owner, runId, engine.leaseSeconds);
    if (claimed) await executeRun(engine, claimed, AbortSignal.timeout(Math.max(1, deadline - Date.now())));
    const run = await runRow(db, runId);
    if (settled(run)) return run;
    if (run.status === "waiting_child") {
      const children = await openChildren(db, runId);
      for (const child of children) await driveToSettled(db, engine, child.id, deadline - Date.now());
      if (children.length > 0 && (await runRow(db, runId)).status === "waiting_child") return run;
    }
    if (Date.now() > deadline)
      throw new Error(`The run did not end within ${Math.round(timeoutMs / 1000)} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function runRow(db: Db, runId: string): Promise<Run> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw new Error(`The run ${runId} vanished.`);
  return run;
}

const openChildren = (db: Db, runId: string) =>
  db
    .select({ id: runs.id })
    .from(runs)
    .where(and(eq(runs.parentRunId, runId), notInArray(runs.status, [...TERMINAL_STATUSES])));
