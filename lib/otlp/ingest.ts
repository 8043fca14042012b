import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  agents,
  type ModelStepPayload,
  type Run,
  runSteps,
  runs,
  spans,
  type ToolStepPayload,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { costOf, priceAt } from "@/lib/models/pricing";
import { storeAgentSnapshot } from "@/lib/runs/agent-snapshots";
import { stepNotifier } from "@/lib/runtime/step-notifier";
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
 */
export async function ingestSpans(db: Db, actor: Actor, batch: IngestSpan[]): Promise<IngestResult> {
  const traces = new Map<string, IngestSpan[]>();
  for (const span of batch) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  for (const trace of traces.values()) {
    const run = await db.transaction((tx) => ingestTrace(tx, actor, trace));
    stepNotifier(db.$client).announce(actor.tenantId, run.id, run.lastSeq);
  }
  await closeIdleTraces(db, actor.tenantId);
  return { spans: batch.length, runs: traces.size };
}

async function ingestTrace(tx: Tx, actor: Actor, trace: IngestSpan[]): Promise<Run> {
  const first = trace[0] as IngestSpan;
  const run = await observedRun(tx, actor, first);
  // Stored under the trace's id too: span ids are only unique within their trace.
  const key = (spanId: string) => `${first.traceId}${spanId}`;
  const inserted = await tx
    .insert(spans)
    .values(
      trace.map((span) => ({
        spanId: key(span.spanId),
        traceId: span.traceId,
        parentSpanId: span.parentSpanId ? key(span.parentSpanId) : null,
        runId: run.id,
        tenantId: actor.tenantId,
        name: span.name,
        startTime: span.start,
        endTime: span.end,
        status: span.status,
        attributes: span.statusMessage
          ? { ...span.attributes, "otel.status_description": span.statusMessage }
          : span.attributes,
      })),
    )
    .onConflictDoNothing()
    .returning({ spanId: spans.spanId });
  const fresh = new Set(inserted.map((s) => s.spanId));
  const added = trace
    .filter((span) => fresh.has(key(span.spanId)))
    .sort((a, b) => a.start.getTime() - b.start.getTime());

  let seq = run.lastSeq;
  const totals = {
    modelCalls: 0,
    toolCalls: 0,
    input: 0,
    cached: 0,
    output: 0,
    reasoning: 0,
    cost: 0,
    unpriced: false,
  };
  let model: string | null = null;
  for (const span of added) {
    const call = classifySpan(span);
    if (!call) continue;
    seq += 1;
    if (call.kind === "model") {
      const price = await priceAt(tx, call.model, span.start, actor.tenantId);
      const costUsd = price ? costOf(call.usage, price) : null;
      const payload: ModelStepPayload = {
        text: call.text,
        toolCalls: [],
        finishReason: span.status === "error" ? "error" : "stop",
        usage: call.usage,
        costUsd,
        model: call.model,
      };
      await insertStep(tx, run.id, seq, "model", payload, costUsd, span);
      model ??= call.model;
      totals.modelCalls += 1;
      totals.input += call.usage.inputTokens;
      totals.cached += call.usage.cachedInputTokens;
      totals.output += call.usage.outputTokens;
      totals.reasoning += call.usage.reasoningTokens;
      if (costUsd === null) totals.unpriced = true;
      else totals.cost += costUsd;
    } else {
      const payload: ToolStepPayload = {
        toolCallId: call.callId,
        toolName: call.toolName,
        args: call.args,
        status: span.status === "error" ? "error" : "ok",
        result: call.result,
        receipt: null,
        idempotencyKey: "",
      };
      await insertStep(tx, run.id, seq, "tool", payload, null, span);
      totals.toolCalls += 1;
    }
    await tx
      .update(spans)
      .set({ seq })
      .where(eq(spans.spanId, key(span.spanId)));
  }

  // The root span's end ends the run (unless something else ended it first, e.g. the idle close).
  const root =
    run.status === "running"
      ? added.find((span) => span.parentSpanId === null && span.end !== null)
      : undefined;
  const earliest = added[0]?.start;
  // The root span states the task, whenever it arrives; until then the run is named after its trace.
  const rootInput = added.flatMap((span) => (span.parentSpanId === null ? [statedInput(span)] : []))[0];
  const [updated] = await tx
    .update(runs)
    .set({
      lastSeq: seq,
      modelCalls: sql`${runs.modelCalls} + ${totals.modelCalls}`,
      toolCalls: sql`${runs.toolCalls} + ${totals.toolCalls}`,
      inputTokens: sql`${runs.inputTokens} + ${totals.input}`,
      cachedInputTokens: sql`${runs.cachedInputTokens} + ${totals.cached}`,
      outputTokens: sql`${runs.outputTokens} + ${totals.output}`,
      reasoningTokens: sql`${runs.reasoningTokens} + ${totals.reasoning}`,
      // Null once any model call is unpriced: never a guessed number.
      costUsd: totals.unpriced ? null : sql`${runs.costUsd} + ${totals.cost}`,
      ...(model
        ? { model: sql`case when ${runs.model} = 'unknown' then ${model} else ${runs.model} end` }
        : {}),
      ...(rootInput ? { input: rootInput } : {}),
      ...(earliest
        ? { startedAt: sql`least(${runs.startedAt}, ${earliest.toISOString()}::timestamptz)` }
        : {}),
      ...(root
        ? {
            status: root.status === "error" ? "failed" : "succeeded",
            stopReason: root.status === "error" ? "reported_error" : "completed",
            error:
              root.status === "error" ? (root.statusMessage ?? `${root.name} ended with an error.`) : null,
            output: outputOf(root),
            endedAt: root.end,
          }
        : {}),
    })
    .where(eq(runs.id, run.id))
    .returning();
  return updated ?? run;
}

/** The run of this span's trace, created with the first span that arrives. */
async function observedRun(tx: Tx, actor: Actor, span: IngestSpan): Promise<Run> {
  const agent = await observedAgent(tx, actor, span.service);
  await tx
    .insert(runs)
    .values({
      tenantId: actor.tenantId,
      agentId: agent.id,
      agentName: agent.name,
      source: "otlp",
      agentVersion: agent.version,
      agentSnapshotHash: agent.snapshotHash,
      model: "unknown",
      input: inputOf(span),
      status: "running",
      traceId: span.traceId,
      createdBy: actor.label,
      startedAt: span.start,
    })
    .onConflictDoNothing();
  const [run] = await tx
    .select()
    .from(runs)
    .where(and(eq(runs.tenantId, actor.tenantId), eq(runs.traceId, span.traceId), eq(runs.source, "otlp")))
    .for("update");
  if (!run) throw new Error("The observed run was not stored.");
  return run;
}

const OBSERVED_INSTRUCTIONS = "Runs elsewhere: observed from its traces (OTLP). Flightdeck does not run it.";

/**
 * The agent an outside service's runs are filed under, named after the service. It is archived
 * from birth: it appears in no list of agents and starts no run of Flightdeck's own.
 */
async function observedAgent(tx: Tx, actor: Actor, service: string) {
  const name = `otlp:${service}`;
  await tx
    .insert(agents)
    .values({
      tenantId: actor.tenantId,
      name,
      description: `Observed over OTLP: service.name "${service}"`,
      model: "unknown",
      instructions: OBSERVED_INSTRUCTIONS,
      tools: [],
      archivedAt: new Date(),
      archivedBy: actor.label,
    })
    .onConflictDoNothing();
  const [agent] = await tx
    .select({ id: agents.id, name: agents.name, version: agents.version })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, name)));
  if (!agent) throw new Error("The observed agent was not stored.");
  const snapshotHash = await storeAgentSnapshot(tx, actor.tenantId, {
    instructions: OBSERVED_INSTRUCTIONS,
    tools: [],
    maxSteps: 0,
    maxSeconds: 0,
  });
  return { ...agent, snapshotHash };
}

async function insertStep(
  tx: Tx,
  runId: string,
  seq: number,
  kind: "model" | "tool",
  payload: ModelStepPayload | ToolStepPayload,
  costUsd: number | null,
  span: IngestSpan,
): Promise<void> {
  await tx.insert(runSteps).values({
    runId,
    seq,
    turn: seq,
    kind,
    payload,
    costUsd,
    startedAt: span.start,
    endedAt: span.end ?? span.start,
  });
}

const firstText = (span: IngestSpan, keys: string[]): string | null => {
  for (const key of keys) {
    const value = span.attributes[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return null;
};

const statedInput = (span: IngestSpan): string | null =>
  firstText(span, ["gen_ai.input.messages", "ai.prompt", "input.value"]);

const inputOf = (span: IngestSpan): string => statedInput(span) ?? `Trace ${span.traceId} of ${span.service}`;

const outputOf = (span: IngestSpan): string | null =>
  firstText(span, ["gen_ai.output.messages", "ai.response.text", "output.value"]);

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
