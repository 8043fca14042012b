import { and, asc, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Approval, approvals, type RunApproval, runSteps, runs, TERMINAL_STATUSES } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { notifyRunQueued } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/errors";
import { ENGAGED_HOLD_OVER_RUN_SQL } from "@/lib/kill/coverage";
import { PolicyUnavailableError } from "@/lib/policy/cedar-engine";
import { decideTenantCall } from "@/lib/policy/decide-tenant-call";
import { evidenceFromSteps } from "@/lib/policy/evidence";
import { getTool } from "@/lib/tools/registry";
import { loadTenantTools } from "@/lib/tools/tenant-tools";
import { expireApprovals } from "./expire-approvals";

export const decisionInput = z
  .object({
    /** On a reconcile request: approve = retry the call, mark_done = it happened, reject = abandon. */
    decision: z.enum(["approve", "reject", "mark_done"], {
      error: 'decision must be "approve", "reject" or (for a call whose outcome is unknown) "mark_done".',
    }),
    comment: z.string().trim().max(2000, "A comment is at most 2,000 characters.").optional(),
    /** Edited arguments to execute instead of the model's (approve only). */
    args: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((d) => d.decision !== "reject" || (d.comment ?? "").length > 0, {
    message: "A rejection needs a comment: the agent and the audit log read it.",
    path: ["comment"],
  })
  .refine((d) => d.decision === "approve" || d.args === undefined, {
    message: "Edited arguments only go with an approval.",
    path: ["args"],
  });

export type DecisionInput = z.input<typeof decisionInput>;

/**
 * A person decides a parked call. Exactly one decision wins: the update only applies to a pending
 * request, so a second operator deciding at the same moment is told who was first. Edited
 * arguments are validated against the tool's schema and decided by policy again: an edit cannot
 * turn a call into one policy denies. The run is queued again and a worker resumes it. No API key
 * decides a call of a run it started, and a request past its expiry is expired, not decided.
 */
export async function decideApproval(
  db: Db,
  actor: Actor,
  approvalId: string,
  input: DecisionInput,
  appBaseUrl: string,
): Promise<Approval> {
  assertScope(actor, "approvals:decide");
  const decision = decisionInput.parse(input);
  const approval = await loadApproval(db, actor, approvalId);
  if (approval.kind === "question")
    throw new AppError("invalid_input", "This is the agent's question to a person: answer it instead.", {
      field: "decision",
    });
  await assertNotOwnRun(db, actor, approval);
  if (approval.status !== "pending") throw alreadyDecided(approval);
  if (approval.expiresAt.getTime() <= Date.now()) throw await expireLate(db, approval);
  const reconcile = approval.kind === "reconcile";
  if (decision.decision === "mark_done" && !reconcile)
    throw new AppError(
      "invalid_input",
      '"mark_done" settles a call whose outcome is unknown; approve or reject this one.',
      {
        field: "decision",
      },
    );
  if (reconcile && decision.args)
    throw new AppError(
      "invalid_input",
      "A call whose outcome is unknown is retried as it was: it cannot be edited.",
      {
        field: "args",
      },
    );
  if (reconcile && decision.decision === "approve") await assertRunCanRetry(db, approval);
  const edited = decision.args ? await checkEditedArgs(db, actor, approval, decision.args, appBaseUrl) : null;
  const approved = decision.decision !== "reject";
  const resolution = !reconcile
    ? null
    : decision.decision === "mark_done"
      ? "done"
      : approved
        ? "retry"
        : null;
  const decidedAt = new Date();
  const decided = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(approvals)
      .set({
        status: approved ? "approved" : "rejected",
        decidedAt,
        decidedBy: actor.label,
        comment: decision.comment || null,
        editedArgs: edited,
        resolution,
      })
      .where(
        and(
          eq(approvals.id, approval.id),
          eq(approvals.status, "pending"),
          gt(approvals.expiresAt, decidedAt),
        ),
      )
      .returning();
    if (!row) return null;
    const resume: RunApproval = {
      approvalId: row.id,
      toolCallId: row.toolCallId,
      status: row.status as RunApproval["status"],
      args: edited ?? row.args,
      ...(edited ? { originalArgs: row.args } : {}),
      decidedBy: actor.label,
      comment: row.comment,
      parkedAt: row.createdAt.toISOString(),
      kind: row.kind,
      ...(resolution ? { resolution } : {}),
    };
    await tx
      .update(runs)
      .set({
        // A gate run's agent runs elsewhere and learns the decision by asking (lib/gate): no worker
        // takes it, and it waits on while another of its calls still waits for a person, or stays
        // paused while a pause or freeze holds it (as a queued engine run waits: the claim skips it).
        status: sql`(case when ${runs.source} <> 'gate' then 'queued'
          when exists (select 1 from approvals a where a.run_id = ${runs.id} and a.status = 'pending')
          then 'waiting_approval' when ${sql.raw(ENGAGED_HOLD_OVER_RUN_SQL)} then 'paused'
          else 'running' end)::run_status`,
        approval: resume,
        approvalWaitMs: sql`${runs.approvalWaitMs} + ${Date.now() - row.createdAt.getTime()}`,
      })
      .where(and(eq(runs.id, row.runId), eq(runs.status, "waiting_approval")));
    await recordAudit(tx, actor, {
      action: reconcile
        ? `approval.reconciled_${resolution ?? "abandoned"}`
        : approved
          ? "approval.approved"
          : "approval.rejected",
      targetType: "approval",
      targetId: row.id,
      details: {
        run_id: row.runId,
        tool: row.toolName,
        ...(decision.comment ? { comment: decision.comment } : {}),
        ...(edited ? { original_args: row.args, edited_args: edited } : {}),
      },
    });
    return row;
  });
  if (!decided) {
    const current = await loadApproval(db, actor, approvalId);
    throw current.status === "pending" ? await expireLate(db, current) : alreadyDecided(current);
  }
  await notifyRunQueued(db, decided.runId).catch(() => {});
  stepNotifier(db.$client).announce(decided.tenantId, decided.runId, decided.seq - 1);
  await announceApprovals(db.$client, decided.tenantId);
  return decided;
}

/**
 * Segregation of duties: an API key decides no call of a run it started (runs.created_by holds the
 * starter's label), so the key an agent runs with cannot approve its own calls. People decide as
 * before: an operator who starts a run may approve its calls. Keys are told apart by their label
 * (`API key <name>`): a key named like the run's starter is refused too.
 */
async function assertNotOwnRun(db: Db, actor: Actor, approval: Approval): Promise<void> {
  if (actor.kind !== "api_key") return;
  const [run] = await db.select({ createdBy: runs.createdBy }).from(runs).where(eq(runs.id, approval.runId));
  if (run?.createdBy === actor.label)
    throw new AppError(
      "forbidden",
      `${actor.label} started this run: it cannot decide the run's own calls. A person, or another key, decides them.`,
    );
}

/**
 * A request past its expiry is expired here, as the sweep would (a gate run may have no worker to
 * sweep it): the run then ends `approval_expired` as after any expiry. The error to answer.
 */
async function expireLate(db: Db, approval: Approval): Promise<AppError> {
  await expireApprovals(db, new Date(), approval.id);
  return new AppError(
    "conflict",
    `This request expired at ${approval.expiresAt.toISOString()} before anyone decided: it can no longer be approved or rejected.`,
    { details: { status: "expired", expires_at: approval.expiresAt.toISOString() } },
  );
}

/** A run killed while its call was in flight has ended: the call can be settled, not retried. */
async function assertRunCanRetry(db: Db, approval: Approval): Promise<void> {
  const [run] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, approval.runId));
  if (run && (TERMINAL_STATUSES as readonly string[]).includes(run.status))
    throw new AppError(
      "conflict",
      `The run has ended (${run.status.replace("_", " ")}): ${approval.toolName} cannot be retried. Mark it done if it happened, or reject if it did not.`,
      { field: "decision" },
    );
}

async function loadApproval(db: Db, actor: Actor, id: string): Promise<Approval> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "There is no such approval request.");
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.id, id), eq(approvals.tenantId, actor.tenantId)));
  if (!row) throw new AppError("not_found", "There is no such approval request.");
  return row;
}

function alreadyDecided(approval: Approval): AppError {
  const when = approval.decidedAt ? ` at ${approval.decidedAt.toISOString()}` : "";
  const message =
    approval.status === "expired"
      ? "This request expired before anyone decided: the run has ended."
      : approval.status === "cancelled"
        ? `This request was cancelled${approval.comment ? `: ${approval.comment}` : ""}.`
        : `Already ${approval.status} by ${approval.decidedBy ?? "someone else"}${when}.`;
  return new AppError("conflict", message, {
    details: { status: approval.status, decided_by: approval.decidedBy },
  });
}

async function checkEditedArgs(
  db: Db,
  actor: Actor,
  approval: Approval,
  args: Record<string, unknown>,
  appBaseUrl: string,
): Promise<Record<string, unknown>> {
  await loadTenantTools(db, approval.tenantId);
  const tool = getTool(approval.toolName, approval.tenantId);
  if (!tool) throw new AppError("invalid_input", `The tool ${approval.toolName} is no longer registered.`);
  const parsed = tool.input.safeParse(args);
  if (!parsed.success) {
    const error = zodToAppError(parsed.error);
    throw new AppError("invalid_input", `The edited arguments are invalid: ${error.message}`, {
      field: `args.${error.field ?? ""}`.replace(/\.$/, ""),
    });
  }
  const valid = parsed.data as Record<string, unknown>;
  const [run] = await db.select({ input: runs.input }).from(runs).where(eq(runs.id, approval.runId));
  const steps = await db
    .select({ kind: runSteps.kind, payload: runSteps.payload })
    .from(runSteps)
    .where(eq(runSteps.runId, approval.runId))
    .orderBy(asc(runSteps.seq));
  // Like the engine's own decisions: a Cedar fault restarts it and retries; no decision is never an allow.
  const verdict = await decideTenantCall({
    db,
    tenantId: actor.tenantId,
    agentName: approval.agentName,
    tool,
    args: valid,
    evidence: evidenceFromSteps(run?.input ?? "", steps),
    appBaseUrl,
  }).catch((error) => {
    if (error instanceof PolicyUnavailableError)
      throw new AppError(
        "unavailable",
        "The policy engine could not decide the edited call: nothing was approved. Try again in a moment.",
      );
    throw error;
  });
  if (verdict.effect === "deny")
    throw new AppError("invalid_input", `Policy denies the edited call: ${verdict.message}`, {
      field: "args",
      details: { policy_ids: verdict.policyIds },
    });
  return valid;
}
