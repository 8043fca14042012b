import { and, asc, count, desc, eq, ne, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  APPROVAL_KINDS,
  type Approval,
  type ApprovalKind,
  type ApprovalStatus,
  approvals,
  type Provenance,
} from "@/db/schema";
import { type Actor, assertScope, can } from "@/lib/auth/actor";
import { afterPageCursor, keysetPage } from "@/lib/page-cursor";
import { parsePolicy } from "@/lib/policy/compile";
import { policyVersion } from "@/lib/policy/policy-versions";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { type RunView, type StepView, toRunView, toStepView } from "@/lib/runs/live-view";
import { getRun, getRunSteps } from "@/lib/runs/queries";
import { REDACTED, redactValue } from "@/lib/runs/redact";
import { getTenantRow } from "@/lib/tenant-row";

export const approvalListSchema = z.object({
  status: z.enum(["pending", "decided"]).default("pending"),
  agent: z.string().trim().max(100).optional(),
  tool: z.string().trim().max(100).optional(),
  kind: z.enum(APPROVAL_KINDS).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApprovalListFilter = z.input<typeof approvalListSchema>;

/** One approval request as pages and the API read it: JSON-safe, redacted for viewers. */
export type ApprovalView = {
  id: string;
  runId: string;
  agentName: string;
  seq: number;
  toolCallId: string;
  toolName: string;
  /**
   * `reconcile`: not a request to run a call, but to say whether an interrupted one happened.
   * `question`: the agent asked a person (`args.question`, `args.context`); `answer` is the reply.
   */
  kind: ApprovalKind;
  resolution: "done" | "retry" | null;
  risk: string;
  args: Record<string, unknown>;
  editedArgs: Record<string, unknown> | null;
  provenance: Record<string, Provenance>;
  policyIds: string[];
  policyVersion: number;
  reason: string;
  status: ApprovalStatus;
  expiresAt: string;
  createdAt: string;
  /** When it was escalated for nobody deciding it in time (the tenant's escalation delay). */
  escalatedAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  comment: string | null;
  answer: string | null;
  /** Arguments, the stated reason, the comment and an answer are hidden from people without `payloads:read`. */
  redacted: boolean;
};

export type ApprovalPage = { approvals: ApprovalView[]; nextCursor: string | null };

export type ApprovalStatement = { id: string; text: string; approval: string | null };

export type ApprovalDetail = {
  approval: ApprovalView;
  run: RunView;
  steps: StepView[];
  /** The statements of the policy version that parked the call; empty when the version is gone. */
  statements: ApprovalStatement[];
};

export function toApprovalView(row: Approval, redact: boolean): ApprovalView {
  return {
    id: row.id,
    runId: row.runId,
    agentName: row.agentName,
    seq: row.seq,
    toolCallId: row.toolCallId,
    toolName: row.toolName,
    kind: row.kind,
    resolution: row.resolution,
    risk: row.risk,
    args: redact ? (redactValue(row.args) as Record<string, unknown>) : row.args,
    editedArgs:
      row.editedArgs && redact ? (redactValue(row.editedArgs) as Record<string, unknown>) : row.editedArgs,
    provenance: row.provenance,
    policyIds: row.policyIds,
    policyVersion: row.policyVersion,
    reason: redact && row.reason ? REDACTED : row.reason,
    status: row.status,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    escalatedAt: row.escalatedAt?.toISOString() ?? null,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    // As on the run page: an approver's comment can quote the customer.
    comment: redact && row.comment ? REDACTED : row.comment,
    answer: redact && row.answer ? REDACTED : row.answer,
    redacted: redact,
  };
}

/**
 * The inbox: pending requests oldest first (the longest wait at the top), decided ones newest
 * first; keyset-paginated on (time, id) so a page never repeats or skips a row while requests arrive.
 */
export async function listApprovals(db: Db, actor: Actor, filter: ApprovalListFilter): Promise<ApprovalPage> {
  assertScope(actor, "approvals:read");
  const f = approvalListSchema.parse(filter);
  const pending = f.status === "pending";
  // Every decided, expired or cancelled request has decided_at.
  const on = pending ? approvals.createdAt : approvals.decidedAt;
  const where: SQL[] = [
    eq(approvals.tenantId, actor.tenantId),
    pending ? eq(approvals.status, "pending") : ne(approvals.status, "pending"),
  ];
  if (f.agent) where.push(eq(approvals.agentName, f.agent));
  if (f.tool) where.push(eq(approvals.toolName, f.tool));
  if (f.kind) where.push(eq(approvals.kind, f.kind));
  if (f.cursor) where.push(afterPageCursor(f.cursor, on, approvals.id, pending ? "asc" : "desc"));
  const order = pending ? asc : desc;
  const rows = await db
    .select()
    .from(approvals)
    .where(and(...where))
    .orderBy(order(on), order(approvals.id))
    .limit(f.limit + 1);
  const { page, nextCursor } = keysetPage(rows, f.limit, (row) => ({
    at: pending ? row.createdAt : (row.decidedAt ?? row.createdAt),
    id: row.id,
  }));
  const redact = !can(actor, "payloads:read");
  return {
    approvals: page.map((row) => toApprovalView(row, redact)),
    nextCursor,
  };
}

/** One request with what an approver needs around it: the run so far and the policy text that asked. */
export async function approvalDetail(db: Db, actor: Actor, id: string): Promise<ApprovalDetail> {
  assertScope(actor, "approvals:read");
  const row = await getTenantRow(db, approvals, actor.tenantId, id, "There is no such approval request.");
  const redact = !can(actor, "payloads:read");
  const [run, steps, statements, redactor] = await Promise.all([
    getRun(db, actor, row.runId),
    getRunSteps(db, actor, row.runId),
    askingStatements(db, actor, row),
    redactorFor(db, actor),
  ]);
  return {
    approval: toApprovalView(row, redact),
    run: toRunView(run, redactor),
    steps: steps.map((step) => toStepView(step, redact)),
    statements,
  };
}

/** Requests waiting for a person in the actor's tenant: the navigation badge. */
export async function pendingCount(db: Db, actor: Actor): Promise<number> {
  assertScope(actor, "approvals:read");
  const [row] = await db
    .select({ n: count() })
    .from(approvals)
    .where(and(eq(approvals.tenantId, actor.tenantId), eq(approvals.status, "pending")));
  return row?.n ?? 0;
}

async function askingStatements(db: Db, actor: Actor, row: Approval): Promise<ApprovalStatement[]> {
  if (!can(actor, "policies:read")) return [];
  const version = await policyVersion(db, actor, row.policyVersion).catch(() => null);
  if (!version) return [];
  // Saved under the catalog of its day: only its statements are needed.
  const checked = parsePolicy(version.text);
  if (!checked.ok) return [];
  return row.policyIds.flatMap((policyId) => {
    const statement = checked.statements.find((s) => s.id === policyId);
    return statement ? [{ id: statement.id, text: statement.text, approval: statement.approval }] : [];
  });
}
