import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { insertSelect, rowOf } from "@/db/insert-select";
import { type Agent, type Run, runs, spans } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { snapshotCtes } from "@/lib/runtime/agent-snapshots";
import { newTraceId } from "@/lib/telemetry/ids";
import { runSpan } from "@/lib/telemetry/spans";
import type { RolloutRole } from "./rollout-version";
import type { StartInput, StartOptions, StartPlan } from "./start-plan";

export type RunToInsert = {
  actor: Actor;
  agent: Agent;
  parsed: StartInput;
  options: StartOptions;
  plan: StartPlan;
  /** Under a rollout: which side served the run (lib/runs/rollout-version). */
  rolloutRole?: RolloutRole | null;
};

/**
 * Writes a run in ONE statement: its settings' snapshot (once per content), the run row, its run
 * span and the workers' wake-up (NOTIFY, sent at commit). With `unless`, a condition checked in the
 * same statement, nothing is written when it holds and the answer is null.
 */
export async function insertRun(db: DbOrTx, r: RunToInsert, unless: SQL | null): Promise<Run | null> {
  const { actor, agent, options, plan } = r;
  const id = randomUUID();
  const traceId = newTraceId();
  const run = insertSelect(
    runs,
    {
      id,
      tenantId: actor.tenantId,
      agentId: agent.id,
      agentName: agent.name,
      agentVersion: options.replay?.version ?? agent.version,
      rolloutRole: r.rolloutRole ?? null,
      agentSnapshotHash: sql`given.hash`,
      dryRun: plan.dryRun,
      promotedFrom: options.promotedFrom ?? null,
      replayOf: options.replay?.of ?? null,
      replay: options.replay?.replay ?? null,
      model: plan.model,
      input: r.parsed.input,
      traceId,
      createdBy: actor.label,
      requestKey: options.requestKey ?? null,
      externalId: options.gate?.externalId ?? r.parsed.externalId ?? null,
      ...(options.gate ? { source: "gate" as const, status: "running" as const, startedAt: sql`now()` } : {}),
    },
    unless ? sql`from given where not (${unless})` : sql`from given`,
  );
  const span = runSpan(
    { id, traceId, tenantId: actor.tenantId, agentName: agent.name, model: plan.model },
    new Date(),
  );
  const runSpanRow = insertSelect(spans, { ...span, startTime: sql`run.created_at` }, sql`from run`);
  const rows = await db.execute<Record<string, unknown>>(sql`
    with ${snapshotCtes(actor.tenantId, plan.snapshot)},
      run as (${run} returning *),
      run_span as (${runSpanRow})
    select run.*, ${options.gate ? sql`null` : sql`pg_notify(${RUNS_CHANNEL}, run.id::text)`} as notified
    from run`);
  const [row] = rows;
  return row ? rowOf(runs, row) : null;
}
