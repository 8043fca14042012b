import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, DbOrTx, Tx } from "@/db/client";
import {
  type ApprovalRecord,
  approvals,
  gateCalls,
  type ModelStepPayload,
  runs,
  TERMINAL_STATUSES,
} from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { hashCanonical } from "@/lib/canonical-json";
import { AppError } from "@/lib/errors";
import type { Answered } from "@/lib/http/idempotency";
import { parseModelName } from "@/lib/models/model-name";
import { costOf, priceAt } from "@/lib/models/pricing";
import { getTool } from "@/lib/tools/registry";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import { loadGateCall } from "./call-state";
import { loadGateRun } from "./gate-run";
import { approvalRecordOf, modelStep, toolStep } from "./gate-spans";
import { appendGateStep, withGateRun } from "./gate-step";
import type { gateResultSchema, gateUsageSchema } from "./schemas";
import { withdrawUnreportedRequest } from "./unreported";

/**
 * The agent reports what an allowed call did: recorded as the run's step, with a receipt in the
 * tenant's chain (the agent's evidence, hashed with the call). Recorded even when the run ended
 * meanwhile: an effect that happened is never left without its receipt.
 */
export async function reportGateResult(
  db: Db,
  actor: Actor,
  runId: string,
  callId: string,
  input: z.output<typeof gateResultSchema>,
): Promise<Answered<{ call_id: string; seq: number; receipt: boolean }>> {
  assertScope(actor, "runs:start");
  await loadTenantTools(db, actor.tenantId);
  const resultHash = hashCanonical(input);
  return withGateRun(db, actor.tenantId, runId, async (tx, run, work) => {
    const call = await loadGateCall(tx, actor.tenantId, runId, callId);
    if (call.status === "done" || call.status === "failed") {
      // The same report sent again (its answer was lost on the way) is answered as the first was.
      if (call.resultHash === resultHash && call.seq !== null)
        return { body: { call_id: call.id, seq: call.seq, receipt: call.status === "done" }, replayed: true };
      throw new AppError("conflict", `The result of this call is already recorded (step ${call.seq}).`, {
        details: { seq: call.seq },
      });
    }
    if (call.status !== "allowed")
      throw new AppError(
        "conflict",
        call.status === "pending"
          ? "This call waits for a person's approval: it must not be made yet."
          : `This call was not allowed (${call.status}): there is no result to record.`,
      );
    const ok = input.status === "ok";
    const risk = getTool(call.toolName, actor.tenantId)?.risk(call.args);
    const startedAt = call.decidedAt ?? call.createdAt;
    const step = toolStep(run, call, {
      status: ok ? "ok" : "error",
      result: ok ? (input.output ?? null) : { error: input.error ?? "The tool failed." },
      // Every call that took effect leaves a receipt, with the agent's evidence when it gave any.
      receipt: ok ? (input.receipt ?? {}) : null,
      risk,
      approval: call.approvalId ? await approvalOf(tx, call.approvalId) : undefined,
      startedAt,
      endedAt: new Date(Math.max(Date.now(), startedAt.getTime())),
    });
    // A late report on an ended run may find a person asked about the call already.
    if (
      (TERMINAL_STATUSES as readonly string[]).includes(run.status) &&
      (await withdrawUnreportedRequest(tx, call))
    )
      work.approvals = true;
    // The call's row is written with the step's (pipelined on the same connection).
    const [seq] = await Promise.all([
      appendGateStep(tx, run, step, work),
      tx
        .update(gateCalls)
        .set({ status: ok ? "done" : "failed", seq: run.lastSeq + 1, resultHash })
        .where(eq(gateCalls.id, call.id)),
    ]);
    return { body: { call_id: call.id, seq, receipt: ok }, replayed: false };
  });
}

async function approvalOf(db: DbOrTx, id: string): Promise<ApprovalRecord | undefined> {
  const [row] = await db.select().from(approvals).where(eq(approvals.id, id));
  return row?.status === "approved" ? approvalRecordOf(row) : undefined;
}

/**
 * The agent reports one model call's tokens: a model step priced by the tenant's price table, on
 * the run's totals and the tenant's daily ledger, so budgets stop the next call once it is spent.
 */
export async function reportGateUsage(
  db: Db,
  actor: Actor,
  runId: string,
  input: z.output<typeof gateUsageSchema>,
): Promise<{ seq: number; cost_usd: number | null }> {
  assertScope(actor, "runs:start");
  const first = await loadGateRun(db, actor.tenantId, runId);
  const model = input.model ? parseModelName(input.model).full : first.model;
  const price = await priceAt(db, model, first.startedAt ?? first.createdAt, actor.tenantId);
  const usage = {
    inputTokens: input.input_tokens,
    cachedInputTokens: Math.min(input.cached_input_tokens ?? 0, input.input_tokens),
    outputTokens: input.output_tokens,
    reasoningTokens: input.reasoning_tokens ?? 0,
  };
  const costUsd = price ? costOf(usage, price) : null;
  const payload: ModelStepPayload = {
    text: input.text ?? "",
    toolCalls: [],
    finishReason: "reported",
    usage,
    costUsd,
    ...(model !== first.model ? { model } : {}),
  };
  return withGateRun(db, actor.tenantId, runId, async (tx, run, work) => {
    // The model the agent really uses names the run, once it says so in its first report.
    if (run.modelCalls === 0 && model !== run.model) {
      await tx.update(runs).set({ model }).where(eq(runs.id, run.id));
      run.model = model;
      delete payload.model;
    }
    const seq = await appendGateStep(tx, run, modelStep(run, payload, new Date()), work);
    await addToLedger(tx, run.tenantId, costUsd, usage.inputTokens + usage.outputTokens);
    return { seq, cost_usd: costUsd };
  });
}

/**
 * Spend reported after the fact goes straight onto the tenant's day (there was nothing to reserve);
 * tokens count where no price does, as for Flightdeck's own runs. Tenants without a budget keep no ledger.
 */
async function addToLedger(tx: Tx, tenantId: string, usd: number | null, tokens: number): Promise<void> {
  await tx.execute(sql`
    insert into tenant_spend_days (tenant_id, day, spent_usd, spent_tokens)
    select ${tenantId}::uuid, (now() at time zone 'utc')::date, ${(usd ?? 0).toFixed(6)}::numeric,
      ${usd === null ? tokens : 0}::bigint
    where exists (select 1 from tenant_budgets where tenant_id = ${tenantId}::uuid)
    on conflict (tenant_id, day) do update set
      spent_usd = tenant_spend_days.spent_usd + excluded.spent_usd,
      spent_tokens = tenant_spend_days.spent_tokens + excluded.spent_tokens`);
}
