import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { type ModelPrice, type Run, runs } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { utcDay } from "@/lib/day";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { priceAt } from "@/lib/models/pricing";
import { type ObservedAgent, observedAgent } from "./observed-agent";
import { type PlannedStep, planTrace, type RunChange, spanKey, statedInput } from "./plan-trace";
import type { IngestSpan } from "./read-spans";
import { classifySpan } from "./span-kind";

/** A trace whose root span never ends is closed this long after its last span arrived. */
export const TRACE_IDLE_MINUTES = 10;

export type IngestResult = { spans: number; runs: number };

/**
 * Stores the spans of agents that run elsewhere. Each trace is a run of its source (the service
 * name): its model calls become model steps (tokens priced by the tenant's price table), its tool
 * calls tool steps, every span a span of the run's trace. Spans may arrive in any order, split over
 * requests and more than once (a span already stored is skipped); the run ends when its root span
 * does, or TRACE_IDLE_MINUTES after its last span when the root never comes.
 *
 * A request is one transaction of a few set-wise statements, however many traces it carries.
 */
export async function ingestSpans(db: Db, actor: Actor, batch: IngestSpan[]): Promise<IngestResult> {
  const traces = new Map<string, IngestSpan[]>();
  for (const span of batch) {
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  if (traces.size === 0) return { spans: 0, runs: 0 };
  const { stored, agents } = await db.transaction(async (tx) => {
    const agents = new Map<string, ObservedAgent>();
    for (const trace of traces.values()) {
      const service = (trace[0] as IngestSpan).service;
      if (!agents.has(service)) agents.set(service, await observedAgent(tx, actor, service));
    }
    const runOf = await observedRuns(tx, actor, traces, agents);
    const fresh = await storeSpans(tx, actor, batch, runOf);
    const prices = await pricesOf(tx, actor, batch);
    const steps: PlannedStep[] = [];
    const changes: RunChange[] = [];
    for (const [traceId, trace] of traces) {
      const run = runOf.get(traceId) as Run;
      const added = trace
        .filter((span) => fresh.has(spanKey(span.traceId, span.spanId)))
        .sort((a, b) => a.start.getTime() - b.start.getTime());
      const plan = planTrace(run, added, (model, at) => prices.get(priceKey(model, at)) ?? null);
      steps.push(...plan.steps);
      changes.push(plan.change);
    }
    await storeSteps(tx, actor, steps);
    return { stored: await applyChanges(tx, changes), agents };
  });
  for (const agent of agents.values()) agent.committed = true;
  for (const run of stored) stepNotifier(db.$client).announce(actor.tenantId, run.id, run.lastSeq);
  await closeIdleTraces(db, actor.tenantId);
  return { spans: batch.length, runs: traces.size };
}

/**
 * The run of each trace, created with the first span that arrives, and locked: taken in trace id
 * order, so two requests sharing traces lock them in the same order.
 */
async function observedRuns(
  tx: Tx,
  actor: Actor,
  traces: Map<string, IngestSpan[]>,
  agents: Map<string, ObservedAgent>,
): Promise<Map<string, Run>> {
  await tx
    .insert(runs)
    .values(
      [...traces.values()].map((trace) => {
        const first = trace[0] as IngestSpan;
        const agent = agents.get(first.service) as ObservedAgent;
        const root = trace.find((span) => span.parentSpanId === null);
        return {
          tenantId: actor.tenantId,
          agentId: agent.id,
          agentName: agent.name,
          source: "otlp" as const,
          agentVersion: agent.version,
          agentSnapshotHash: agent.snapshotHash,
          model: "unknown",
          input: (root && statedInput(root)) ?? `Trace ${first.traceId} of ${first.service}`,
          status: "running" as const,
          traceId: first.traceId,
          createdBy: actor.label,
          startedAt: first.start,
        };
      }),
    )
    .onConflictDoNothing();
  const rows = await tx
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.tenantId, actor.tenantId),
        eq(runs.source, "otlp"),
        inArray(runs.traceId, [...traces.keys()]),
      ),
    )
    .orderBy(asc(runs.traceId))
    .for("update");
  return new Map(rows.map((run) => [run.traceId, run]));
}

/**
 * Stores every span the tenant has not stored before; returns the keys of those it stored. Span ids
 * are the tenant's own: another tenant's span with the same ids (its sender chose them) is no
 * conflict.
 */
async function storeSpans(
  tx: Tx,
  actor: Actor,
  batch: IngestSpan[],
  runOf: Map<string, Run>,
): Promise<Set<string>> {
  const rows = batch.map((span) => ({
    span_id: spanKey(span.traceId, span.spanId),
    trace_id: span.traceId,
    parent_span_id: span.parentSpanId ? spanKey(span.traceId, span.parentSpanId) : null,
    run_id: runOf.get(span.traceId)?.id,
    name: span.name,
    start_time: span.start.toISOString(),
    end_time: span.end?.toISOString() ?? null,
    status: span.status,
    attributes: span.statusMessage
      ? { ...span.attributes, "otel.status_description": span.statusMessage }
      : span.attributes,
  }));
  const stored = await tx.execute<{ span_id: string }>(sql`
    insert into spans (span_id, trace_id, parent_span_id, run_id, tenant_id, name, start_time, end_time, status, attributes)
    select s.span_id, s.trace_id, s.parent_span_id, s.run_id, ${actor.tenantId}::uuid, s.name, s.start_time,
      s.end_time, s.status::span_status, s.attributes
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(span_id text, trace_id text, parent_span_id text,
      run_id uuid, name text, start_time timestamptz, end_time timestamptz, status text, attributes jsonb)
    on conflict (span_id, tenant_id) do nothing
    returning span_id`);
  return new Set([...stored].map((row) => row.span_id));
}

/** The price of every model the batch's spans name, on each day they name it. */
async function pricesOf(tx: Tx, actor: Actor, batch: IngestSpan[]): Promise<Map<string, ModelPrice>> {
  const wanted = new Map<string, { model: string; at: Date }>();
  for (const span of batch) {
    const call = classifySpan(span);
    if (call?.kind === "model")
      wanted.set(priceKey(call.model, span.start), { model: call.model, at: span.start });
  }
  const prices = new Map<string, ModelPrice>();
  for (const [key, { model, at }] of wanted) {
    const price = await priceAt(tx, model, at, actor.tenantId);
    if (price) prices.set(key, price);
  }
  return prices;
}

const priceKey = (model: string, at: Date) => `${model}\u0000${utcDay(at)}`;

async function storeSteps(tx: Tx, actor: Actor, steps: PlannedStep[]): Promise<void> {
  if (steps.length === 0) return;
  const rows = steps.map((step) => ({
    run_id: step.runId,
    seq: step.seq,
    kind: step.kind,
    payload: step.payload,
    cost_usd: step.costUsd,
    started_at: step.startedAt,
    ended_at: step.endedAt,
    span_id: step.spanKey,
  }));
  const json = JSON.stringify(rows);
  await tx.execute(sql`
    insert into run_steps (run_id, seq, turn, kind, payload, cost_usd, started_at, ended_at)
    select s.run_id, s.seq, s.seq, s.kind::step_kind, s.payload, s.cost_usd, s.started_at, s.ended_at
    from jsonb_to_recordset(${json}::jsonb) as s(run_id uuid, seq int, kind text, payload jsonb,
      cost_usd numeric, started_at timestamptz, ended_at timestamptz)`);
  // A step's span names its seq, so the trace view links the two: the tenant's span, not another's
  // with the same ids.
  await tx.execute(sql`
    update spans s set seq = v.seq
    from jsonb_to_recordset(${json}::jsonb) as v(span_id text, seq int)
    where s.span_id = v.span_id and s.tenant_id = ${actor.tenantId}::uuid`);
}

/** Applies each run's change; returns where each run now stands, for its live views. */
async function applyChanges(tx: Tx, changes: RunChange[]): Promise<{ id: string; lastSeq: number }[]> {
  const updated = await tx.execute<{ id: string; last_seq: number }>(sql`
    update runs r set
      last_seq = v.last_seq,
      model_calls = r.model_calls + v.model_calls,
      tool_calls = r.tool_calls + v.tool_calls,
      input_tokens = r.input_tokens + v.input_tokens,
      cached_input_tokens = r.cached_input_tokens + v.cached_input_tokens,
      output_tokens = r.output_tokens + v.output_tokens,
      reasoning_tokens = r.reasoning_tokens + v.reasoning_tokens,
      -- Null once any model call is unpriced: never a guessed number.
      cost_usd = case when v.unpriced then null else r.cost_usd + v.cost end,
      model = case when r.model = 'unknown' and v.model is not null then v.model else r.model end,
      input = coalesce(v.input, r.input),
      started_at = least(r.started_at, v.earliest),
      status = coalesce(v.status::run_status, r.status),
      stop_reason = coalesce(v.stop_reason::stop_reason, r.stop_reason),
      error = case when v.status is null then r.error else v.error end,
      output = case when v.status is null then r.output else v.output end,
      ended_at = coalesce(v.ended_at, r.ended_at)
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as v(id uuid, last_seq int, model_calls int,
      tool_calls int, input_tokens int, cached_input_tokens int, output_tokens int, reasoning_tokens int,
      cost numeric, unpriced boolean, model text, input text, earliest timestamptz, status text,
      stop_reason text, error text, output text, ended_at timestamptz)
    where r.id = v.id
    returning r.id, r.last_seq`);
  return [...updated].map((row) => ({ id: row.id, lastSeq: row.last_seq }));
}

/** Closes the tenant's observed runs whose root span never came and that have been quiet too long. */
async function closeIdleTraces(db: Db, tenantId: string): Promise<void> {
  await db.execute(sql`
    update runs r set status = 'stopped', stop_reason = 'trace_inactive', ended_at = now(),
      error = ${`No span arrived for ${TRACE_IDLE_MINUTES} minutes and the trace's root span never ended.`}
    where r.tenant_id = ${tenantId} and r.status = 'running' and r.source = 'otlp'
      and not exists (
        select 1 from spans s where s.run_id = r.id
          and coalesce(s.end_time, s.start_time) > now() - make_interval(mins => ${TRACE_IDLE_MINUTES})
      )`);
}
