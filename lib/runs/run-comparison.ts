import { and, count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Run, type RunStep, receipts, runs, type ToolStepPayload } from "@/db/schema";
import { type Actor, can } from "@/lib/auth/actor";
import { type AlignedRow, alignCalls, type CallView } from "./align-calls";
import { getRun, getRunSteps } from "./queries";
import { redactToolPayload } from "./redact";

/** One side of a comparison: the run's end and its numbers. */
export type RunSide = {
  id: string;
  status: string;
  stopReason: string | null;
  outcome: string | null;
  model: string;
  agentVersion: number;
  dryRun: boolean;
  replayOf: string | null;
  receipts: { action: number; preview: number };
  tokens: { input: number; output: number };
  costUsd: number | null;
  latencyMs: number | null;
  steps: number;
  policy: { allow: number; deny: number; approval: number };
};

export type RunComparison = { a: RunSide; b: RunSide; rows: AlignedRow[] };

/** Two runs of the tenant side by side; either being another tenant's (or no run) is "not found". */
export async function compareRuns(db: Db, actor: Actor, aId: string, bId: string): Promise<RunComparison> {
  const [a, b] = await Promise.all([getRun(db, actor, aId), getRun(db, actor, bId)]);
  const redact = !can(actor, "payloads:read");
  const [aSide, bSide] = await Promise.all([side(db, actor, a, redact), side(db, actor, b, redact)]);
  return { a: aSide.side, b: bSide.side, rows: alignCalls(aSide.calls, bSide.calls) };
}

async function side(db: Db, actor: Actor, run: Run, redact: boolean) {
  const [steps, kinds] = await Promise.all([
    getRunSteps(db, actor, run.id),
    db
      .select({ kind: receipts.kind, n: count() })
      .from(receipts)
      .where(and(eq(receipts.tenantId, run.tenantId), eq(receipts.runId, run.id)))
      .groupBy(receipts.kind),
  ]);
  const calls = steps.filter((s) => s.kind === "tool").map((s) => callView(s, redact));
  const policy = { allow: 0, deny: 0, approval: 0 };
  for (const c of calls) if (c.policy) policy[c.policy as keyof typeof policy] += 1;
  const receiptsOf = (kind: string) => Number(kinds.find((k) => k.kind === kind)?.n ?? 0);
  const latencyMs = run.startedAt && run.endedAt ? run.endedAt.getTime() - run.startedAt.getTime() : null;
  const sideView: RunSide = {
    id: run.id,
    status: run.status,
    stopReason: run.stopReason,
    outcome: run.outcome,
    model: run.model,
    agentVersion: run.agentVersion,
    dryRun: run.dryRun,
    replayOf: run.replayOf,
    receipts: { action: receiptsOf("action"), preview: receiptsOf("preview") },
    tokens: { input: run.inputTokens, output: run.outputTokens },
    costUsd: run.costUsd,
    latencyMs,
    steps: run.lastSeq,
    policy,
  };
  return { side: sideView, calls };
}

function callView(step: RunStep, redact: boolean): CallView {
  const raw = step.payload as ToolStepPayload;
  const payload = redact ? redactToolPayload(raw) : raw;
  return {
    seq: step.seq,
    toolName: payload.toolName,
    args: payload.args,
    status: payload.status,
    policy: payload.policy?.effect ?? null,
    policyVersion: payload.policy?.version ?? null,
    inherited: Boolean(raw.inheritedFrom),
    recorded: Boolean(raw.recordedFrom),
  };
}

export type ReplayListItem = Pick<Run, "id" | "status" | "replay" | "createdAt" | "createdBy">;

/** The replays of a run, newest first. */
export async function listReplays(db: Db, actor: Actor, runId: string): Promise<ReplayListItem[]> {
  const run = await getRun(db, actor, runId);
  return db
    .select({
      id: runs.id,
      status: runs.status,
      replay: runs.replay,
      createdAt: runs.createdAt,
      createdBy: runs.createdBy,
    })
    .from(runs)
    .where(and(eq(runs.tenantId, actor.tenantId), eq(runs.replayOf, run.id)))
    .orderBy(desc(runs.createdAt))
    .limit(50);
}
