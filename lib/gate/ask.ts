import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { gateCalls, type PolicyRecord, type Run, runs } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { tenantHasBudget } from "@/lib/budgets/tenant-ledger";
import { AppError } from "@/lib/errors";
import { type Answered, keyReused } from "@/lib/http/idempotency";
import { ENGAGED_SWITCH_OVER_RUN_SQL } from "@/lib/kill/coverage";
import { CedarRestartedError, isCedarFault, restartCedar } from "@/lib/policy/cedar-engine";
import type { CompiledPolicy } from "@/lib/policy/compile";
import type { RecordedDecision } from "@/lib/policy/decide-call";
import { decideCall } from "@/lib/policy/decide-call";
import { policyCache } from "@/lib/policy/store";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { storeRequest } from "@/lib/runtime/park-run";
import { policyRecord } from "@/lib/runtime/policy-gate";
import { SECURITY_ATTEMPT_LIMIT } from "@/lib/runtime/security-attempts";
import { prepareToolCall } from "@/lib/runtime/tool-step";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import type { AnyTool } from "@/lib/tools/types";
import { budgetEnding, callsAskedOf, evidenceOf, loadGateRun, stoppedDecision, switchOver } from "./gate-run";
import { refusedCallStep } from "./gate-spans";
import { appendGateStep, endGateRun, type GateWork, withGateRun } from "./gate-step";
import type { GateDecision, gateCallSchema } from "./schemas";

type CallInput = z.output<typeof gateCallSchema>;

/** The ask's Idempotency-Key and the hash of its request: a retry is answered as the first ask was. */
export type AskKey = { key: string; hash: string };

/** A call under this ask's key was already decided (the transaction is rolled back, then replayed). */
class AskedBefore extends Error {}

/** How long the agent should wait before asking about a pending call again. */
const PENDING_RETRY_SECONDS = 2;

/**
 * An agent that runs elsewhere asks before a tool call: the run's state, its budgets, the tool's
 * schema and the tenant's policy decide, exactly as for Flightdeck's own runs. A refusal is recorded
 * as a step of the run (the model reads its message); an allowed call waits for its result; a call
 * that needs a person is filed in the approval inbox. An ask sent again under its Idempotency-Key
 * gets the first answer, read from the call it recorded: retries cost the hot path no write.
 */
export async function askGate(
  db: Db,
  actor: Actor,
  runId: string,
  input: CallInput,
  appBaseUrl: string,
  asked: AskKey | null = null,
): Promise<Answered<GateDecision>> {
  assertScope(actor, "runs:start");
  // Read before the transaction: inside it nothing may wait for another pooled connection (calls
  // holding every connection would wait on each other). Cache hits, mostly.
  await loadTenantTools(db, actor.tenantId);
  const [policy, budgeted] = await Promise.all([
    policyCache(db).active(actor.tenantId),
    tenantHasBudget(db.$client, actor.tenantId),
  ]);
  const ask: Ask = { db, actor, input, appBaseUrl, asked, policy, budgeted };
  const allowed = await allowAtOnce(ask, runId);
  if (allowed) return { body: allowed, replayed: false };
  try {
    // All under the run's lock, in one transaction: the calls of one run are decided one at a time
    // (budgets, evidence and step numbers never race), and a decision costs a handful of statements.
    return await withGateRun(db, actor.tenantId, runId, async (tx, run, work) => {
      // A retry of an ask that the run's end overtook still gets the answer it was given.
      const before = asked && !OPEN_STATUSES.has(run.status) ? await answerBefore(tx, run.id, asked) : null;
      return before ?? { body: await decideAsk(tx, run, work, ask), replayed: false };
    });
  } catch (error) {
    const before = error instanceof AskedBefore && asked ? await answerBefore(db, runId, asked) : null;
    if (!before) throw error;
    return before;
  }
}

type Ask = {
  db: Db;
  actor: Actor;
  input: CallInput;
  appBaseUrl: string;
  asked: AskKey | null;
  policy: CompiledPolicy;
  budgeted: boolean;
};

/**
 * The common case without a transaction: a running run whose call the policy plainly allows is
 * decided on the run as read, and the call is recorded in one statement only if the run is still
 * in that state (same status, no step since, no kill switch over it), under its lock for that
 * statement. Anything else — a refusal, an approval, a budget to end the run on, a limit on calls
 * that counts the run's calls, a retry, a run that moved or a switch engaged meanwhile — is decided
 * again under the run's lock (null).
 */
async function allowAtOnce(ask: Ask, runId: string): Promise<GateDecision | null> {
  const { db, input, actor } = ask;
  const run = await loadGateRun(db, actor.tenantId, runId);
  if (run.status !== "running") return null;
  const agent = await agentSnapshotOf(db, run.tenantId, run.agentSnapshotHash);
  if (agent.maxToolCalls != null) return null;
  const tenantBudget = ask.budgeted ? await tenantBudgetToday(db, run.tenantId) : null;
  if (budgetEnding(run, agent, 0, tenantBudget)) return null;
  const callId = randomUUID();
  const prepared = prepareToolCall(
    { toolCallId: callId, toolName: input.tool, input: input.args },
    agent.tools,
    actor.tenantId,
  );
  if (!prepared.ok) return null;
  const args = prepared.args as Record<string, unknown>;
  const decision = await decide(db, ask, run, prepared.tool, args);
  if (decision.effect !== "allow") return null;
  const idempotencyKey = `${run.id}:gate:${callId}`;
  const answer = { decision: "allow" as const, call_id: callId, idempotency_key: idempotencyKey, args };
  // postgres.js itself, not drizzle: this statement is the whole write of the common case. On a
  // connection of its own: it may wait for the run's lock, and postgres.js would queue other
  // requests' queries behind it on a shared one.
  const toolName = prepared.tool.name;
  const connection = await db.$client.reserve();
  try {
    const recorded = await connection`
      insert into gate_calls (id, tenant_id, run_id, tool_name, args, reason, status, policy,
        idempotency_key, request_key, request_hash, answer, decided_at)
      select ${callId}::uuid, ${run.tenantId}::uuid, ${run.id}::uuid, ${toolName},
        ${JSON.stringify(args)}::jsonb, ${input.reason ?? null}, 'allowed',
        ${JSON.stringify(policyRecord(decision))}::jsonb, ${idempotencyKey}, ${ask.asked?.key ?? null},
        ${ask.asked?.hash ?? null}, ${JSON.stringify(answer)}::jsonb, now()
      where exists (select 1 from runs where id = ${run.id}::uuid and status = 'running'
        and last_seq = ${run.lastSeq} and not ${connection.unsafe(ENGAGED_SWITCH_OVER_RUN_SQL)} for update)
      on conflict (run_id, request_key) where request_key is not null do nothing
      returning id`;
    return recorded.length === 1 ? answer : null;
  } finally {
    connection.release();
  }
}

/** A run that takes calls; any other answers with its end (or its pause). */
const OPEN_STATUSES: ReadonlySet<string> = new Set(["running", "waiting_approval"]);

async function decideAsk(tx: Tx, run: Run, work: GateWork, ask: Ask): Promise<GateDecision> {
  const { input, actor } = ask;
  const stopped = (await switchedDecision(tx, run, work)) ?? stoppedDecision(run);
  if (stopped) return stopped;
  const agent = await agentSnapshotOf(tx, run.tenantId, run.agentSnapshotHash);
  const tenantBudget = ask.budgeted ? await tenantBudgetToday(tx, run.tenantId) : null;
  const callsAsked = agent.maxToolCalls == null ? 0 : await callsAskedOf(tx, run.id);
  const ending = budgetEnding(run, agent, callsAsked, tenantBudget);
  if (ending) {
    await endGateRun(tx, run, ending, work);
    return { decision: "budget_exhausted" as const, message: ending.error ?? undefined };
  }
  const call = { toolCallId: randomUUID(), toolName: input.tool, input: input.args };
  const prepared = prepareToolCall(call, agent.tools, actor.tenantId);
  const idempotencyKey = `${run.id}:gate:${call.toolCallId}`;
  const base = {
    id: call.toolCallId,
    tenantId: run.tenantId,
    runId: run.id,
    idempotencyKey,
    requestKey: ask.asked?.key ?? null,
    requestHash: ask.asked?.hash ?? null,
  };
  if (!prepared.ok) {
    const refusal = { status: prepared.status, message: prepared.error };
    const row = { ...base, toolName: input.tool, args: input.args, reason: input.reason ?? null };
    return refuse(tx, run, work, row, refusal);
  }
  const args = prepared.args as Record<string, unknown>;
  const decision = await decide(tx, ask, run, prepared.tool, args);
  const row = {
    ...base,
    toolName: prepared.tool.name,
    args,
    reason: input.reason ?? null,
    policy: policyRecord(decision),
  };
  if (decision.effect === "allow") {
    const answer = { decision: "allow" as const, call_id: row.id, idempotency_key: idempotencyKey, args };
    return recordCall(tx, { ...row, status: "allowed", decidedAt: new Date() }, answer);
  }
  if (decision.effect === "deny")
    return refuse(tx, run, work, row, { status: "denied", message: decision.message });
  work.approvals = true;
  return fileApproval(tx, run, { ...row, tool: prepared.tool, decision });
}

/**
 * A kill switch over the locked run answers every ask, whatever the run's status says: a pause or a
 * freeze holds it (its status then shows it), a stop ends it, as the engine would at its next step.
 */
async function switchedDecision(tx: Tx, run: Run, work: GateWork): Promise<GateDecision | null> {
  const answer = await switchOver(tx, run);
  if (answer?.decision === "killed")
    await endGateRun(tx, run, { status: "killed", stopReason: "killed", error: answer.message }, work);
  else if (answer && run.status === "running")
    await tx.update(runs).set({ status: "paused" }).where(eq(runs.id, run.id));
  return answer;
}

/**
 * Inserts the call with the answer it gets. A call already recorded under the ask's key means this
 * ask is a retry: the transaction is rolled back and the first answer given instead.
 */
async function recordCall(
  tx: Tx,
  row: typeof gateCalls.$inferInsert,
  answer: GateDecision,
): Promise<GateDecision> {
  const inserted = await tx
    .insert(gateCalls)
    .values({ ...row, answer })
    .onConflictDoNothing({
      target: [gateCalls.runId, gateCalls.requestKey],
      where: sql`request_key is not null`,
    })
    .returning({ id: gateCalls.id });
  if (inserted.length === 0) throw new AskedBefore();
  return answer;
}

/** The answer a call recorded under this key was given; a different ask under the key is refused. */
async function answerBefore(
  db: Db | Tx,
  runId: string,
  asked: AskKey,
): Promise<Answered<GateDecision> | null> {
  const [row] = await db
    .select({ hash: gateCalls.requestHash, answer: gateCalls.answer })
    .from(gateCalls)
    .where(and(eq(gateCalls.runId, runId), eq(gateCalls.requestKey, asked.key)));
  if (!row?.answer) return null;
  if (row.hash !== asked.hash) throw keyReused();
  return { body: row.answer as GateDecision, replayed: true };
}

/** The tenant's policy decides, with facts read through the run's transaction. */
async function decide(
  tx: DbOrTx,
  ask: Ask,
  run: Run,
  tool: AnyTool,
  args: Record<string, unknown>,
): Promise<RecordedDecision> {
  const untrustedArgs = Object.entries(ask.input.provenance ?? {})
    .filter(([, source]) => source === "untrusted")
    .map(([name]) => name);
  try {
    return await decideCall(ask.policy, {
      db: ask.db,
      factsDb: tx,
      tenantId: run.tenantId,
      agentName: run.agentName,
      tool,
      args,
      evidence: await evidenceOf(tx, run),
      appBaseUrl: ask.appBaseUrl,
      untrustedArgs,
    });
  } catch (error) {
    if (!(error instanceof CedarRestartedError) && !isCedarFault(error)) throw error;
    if (isCedarFault(error)) restartCedar();
    // No decision is never an allow: the agent asks again, and the restarted engine decides.
    throw new AppError(
      "unavailable",
      "The policy engine could not decide the call: nothing was allowed. Ask again in a moment.",
    );
  }
}

type CallRow = {
  id: string;
  tenantId: string;
  runId: string;
  idempotencyKey: string;
  requestKey: string | null;
  requestHash: string | null;
  toolName: string;
  args: Record<string, unknown>;
  reason: string | null;
  policy?: PolicyRecord;
};

/** Records a refused call as a step the model reads; enough out-of-bounds calls end the run. */
async function refuse(
  tx: Tx,
  run: Run,
  work: GateWork,
  call: CallRow,
  refusal: { status: "denied" | "invalid" | "unknown_tool"; message: string },
): Promise<GateDecision> {
  const { status, message } = refusal;
  const now = new Date();
  const outOfBounds = status !== "invalid";
  const ending =
    outOfBounds && run.securityAttempts + 1 >= SECURITY_ATTEMPT_LIMIT
      ? {
          status: "stopped" as const,
          stopReason: "policy_denied" as const,
          error: `The envelope refused ${SECURITY_ATTEMPT_LIMIT} out-of-bounds calls in this run; the last: ${call.toolName} — ${message}`,
        }
      : undefined;
  const seq = await appendGateStep(
    tx,
    run,
    refusedCallStep(run, { ...call, status, message, decidedAt: now, createdAt: now, ending }),
    work,
  );
  const answer = { decision: "deny" as const, call_id: call.id, message };
  return recordCall(tx, { ...call, status: "denied", message, seq, decidedAt: now }, answer);
}

/** Files the call in the approval inbox; the run shows as waiting while any call of it waits. */
async function fileApproval(
  tx: Tx,
  run: Run,
  call: CallRow & { tool: AnyTool; decision: RecordedDecision },
): Promise<GateDecision> {
  const { decision, tool, ...row } = call;
  const approvalId = await storeRequest(tx, {
    run: { id: run.id, tenantId: run.tenantId, fencingToken: run.fencingToken, lastSeq: run.lastSeq },
    agentName: run.agentName,
    seq: run.lastSeq + 1,
    toolCallId: call.id,
    toolName: tool.name,
    risk: tool.risk(call.args),
    args: call.args,
    provenance: decision.provenance,
    policyIds: decision.policyIds,
    policyVersion: decision.version,
    reason: call.reason ?? "",
    expiresMinutes: decision.expiresMinutes,
  });
  const answer = {
    decision: "pending" as const,
    call_id: call.id,
    approval_id: approvalId,
    message: `${tool.name} waits for a person's approval: ${decision.message}`,
    retry_after: PENDING_RETRY_SECONDS,
  };
  await recordCall(tx, { ...row, status: "pending", approvalId, message: decision.message }, answer);
  await tx.update(runs).set({ status: "waiting_approval" }).where(eq(runs.id, run.id));
  return answer;
}
