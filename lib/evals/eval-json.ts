import { z } from "zod";
import { type EvalCaseResultRow, type EvalSuiteRunRow, SUITE_RUN_STATUSES } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import { evalCaseSchema } from "./case-schema";
import type { listSuites } from "./suite-runs";

export const suiteSummaryJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  cases: z.number(),
  updated_at: timestamp,
  last_run: z
    .object({ started_at: timestamp, passed: z.number(), failed: z.number(), cost_usd: z.number() })
    .nullable(),
});

export function toSuiteSummaryJson(row: Awaited<ReturnType<typeof listSuites>>[number]) {
  const last = row.lastRun;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cases: row.cases,
    updated_at: row.updatedAt.toISOString(),
    last_run:
      last?.startedAt && last.passed !== null && last.failed !== null
        ? {
            started_at: last.startedAt.toISOString(),
            passed: last.passed,
            failed: last.failed,
            cost_usd: last.costUsd ?? 0,
          }
        : null,
  } satisfies z.input<typeof suiteSummaryJson>;
}

export const importedJson = z.object({
  id: z.string(),
  name: z.string(),
  cases: z.number(),
  replaced: z.boolean(),
});

export const savedCaseJson = z.object({ id: z.string(), suite: z.string(), case: evalCaseSchema });

const caseResultJson = z.object({
  case: z.string(),
  pass: z.boolean(),
  status: z.string().nullable(),
  stop_reason: z.string().nullable(),
  agent: z.string().nullable(),
  agent_version: z.number().nullable(),
  steps: z.number(),
  cost_usd: z.number().nullable(),
  duration_ms: z.number(),
  checks: z.array(z.object({ check: z.string(), pass: z.boolean(), reason: z.string() })),
  error: z.string().nullable(),
});

/** A suite run: where it is (queued, running, finished, failed), its progress and its results so far. */
export const suiteRunJson = z.object({
  id: z.string(),
  suite: z.string(),
  status: z.enum(SUITE_RUN_STATUSES),
  cases_total: z.number(),
  cases_done: z.number(),
  passed: z.number(),
  failed: z.number(),
  regressions: z.number(),
  cost_usd: z.number(),
  duration_ms: z.number(),
  agent: z.string().nullable(),
  agent_version: z.number().nullable(),
  model: z.string().nullable(),
  started_by: z.string(),
  started_at: timestamp,
  finished_at: timestamp.nullable(),
  error: z.string().nullable(),
  results: z.array(caseResultJson),
});

export function toSuiteRunJson(state: {
  suite: { name: string };
  run: EvalSuiteRunRow;
  results: EvalCaseResultRow[];
}) {
  const { suite, run, results } = state;
  return {
    id: run.id,
    suite: suite.name,
    status: run.status,
    cases_total: run.casesTotal,
    cases_done: results.length,
    passed: run.status === "finished" ? run.passed : results.filter((r) => r.pass).length,
    failed: run.status === "finished" ? run.failed : results.filter((r) => !r.pass).length,
    regressions: run.regressions,
    cost_usd: run.status === "finished" ? run.costUsd : results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
    duration_ms: run.durationMs,
    agent: run.agentName,
    agent_version: run.agentVersion,
    model: run.model,
    started_by: run.startedBy,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    error: run.error,
    results: results.map((r) => ({
      case: r.caseName,
      pass: r.pass,
      status: r.status,
      stop_reason: r.stopReason,
      agent: r.agentName,
      agent_version: r.agentVersion,
      steps: r.steps,
      cost_usd: r.costUsd,
      duration_ms: r.durationMs,
      checks: r.checks,
      error: r.error,
    })),
  } satisfies z.input<typeof suiteRunJson>;
}

/** An agent's readiness gate and where it stands for the agent's current version. */
export const readinessJson = z.object({
  suite: z.string().nullable(),
  version: z.number(),
  state: z.enum(["passed", "failed", "never_run"]).nullable(),
  last_run: z
    .object({ id: z.string(), passed: z.number(), failed: z.number(), finished_at: timestamp })
    .nullable(),
});
