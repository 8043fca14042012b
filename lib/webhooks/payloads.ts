import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, alerts, approvals, gateCalls, killSwitches, runs, tenants } from "@/db/schema";
import { alertJson } from "@/lib/alerts/alert-json";
import type { Actor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { gateCallState } from "@/lib/gate/call-state";
import { killSwitchJson } from "@/lib/kill/kill-switch-json";
import { publicUrl } from "@/lib/public-url";
import { toRunSummary } from "@/lib/runs/run-json";

type Subject = { id: string; tenantId: string; event: string; subjectId: string | null };
type Envelope = { id: string; event: string; tenant: { id: string } };
type Body = Record<string, unknown>;

/**
 * The body of an event, built when it is first sent: a run's summary as the API gives it (without
 * its input and output: a receiver reads those with an API key), a gate call's decision as the
 * agent would get it by polling, an approval request (without its arguments) or a kill switch.
 * Null when what it was about no longer exists.
 */
export async function eventPayload(db: Db, delivery: Subject): Promise<Body | null> {
  if (!delivery.subjectId) return null;
  const envelope = { id: delivery.id, event: delivery.event, tenant: { id: delivery.tenantId } };
  const build = builders[delivery.event];
  return build ? build(db, envelope, delivery.subjectId) : null;
}

type Builder = (db: Db, envelope: Envelope, subjectId: string) => Promise<Body | null>;

const builders: Record<string, Builder> = {
  "run.ended": runEnded,
  "gate.call.decided": gateCallDecided,
  "approval.requested": approvalEvent,
  "approval.escalated": approvalEvent,
  "kill_switch.engaged": killSwitchEngaged,
  "alert.raised": alertRaised,
  "rollout.rolled_back": rolloutRolledBack,
};

async function runEnded(db: Db, envelope: Envelope, runId: string): Promise<Body | null> {
  const [run] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.tenantId, envelope.tenant.id)));
  if (!run) return null;
  const { input: _input, ...summary } = toRunSummary(run);
  return { ...envelope, run: { ...summary, error: run.error, url: publicUrl(`/runs/${run.id}`) } };
}

async function gateCallDecided(db: Db, envelope: Envelope, callId: string): Promise<Body | null> {
  const [call] = await db
    .select({ runId: gateCalls.runId, toolName: gateCalls.toolName })
    .from(gateCalls)
    .where(and(eq(gateCalls.id, callId), eq(gateCalls.tenantId, envelope.tenant.id)));
  if (!call) return null;
  const decision = await gateCallState(db, webhookActor(envelope.tenant.id), call.runId, callId, 0).catch(
    (error) => {
      if (isAppError(error) && error.code === "not_found") return null;
      throw error;
    },
  );
  if (!decision) return null;
  return { ...envelope, run_id: call.runId, tool: call.toolName, ...decision };
}

/** What waits for a person, and where to decide it; the arguments stay in the app (read them there). */
async function approvalEvent(db: Db, envelope: Envelope, approvalId: string): Promise<Body | null> {
  const [row] = await db
    .select({ approval: approvals, escalationMinutes: tenants.approvalEscalationMinutes })
    .from(approvals)
    .innerJoin(tenants, eq(tenants.id, approvals.tenantId))
    .where(and(eq(approvals.id, approvalId), eq(approvals.tenantId, envelope.tenant.id)));
  if (!row) return null;
  const a = row.approval;
  return {
    ...envelope,
    approval: {
      id: a.id,
      kind: a.kind,
      run_id: a.runId,
      agent: a.agentName,
      tool: a.toolName,
      risk: a.risk,
      reason: a.reason,
      policy_ids: a.policyIds,
      status: a.status,
      created_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt.toISOString(),
      escalated_at: a.escalatedAt?.toISOString() ?? null,
      url: publicUrl(`/approvals?id=${a.id}`),
    },
    ...(envelope.event === "approval.escalated" && { escalation_minutes: row.escalationMinutes }),
  };
}

async function killSwitchEngaged(db: Db, envelope: Envelope, switchId: string): Promise<Body | null> {
  const [engaged] = await db
    .select()
    .from(killSwitches)
    .where(
      and(
        eq(killSwitches.id, switchId),
        or(eq(killSwitches.tenantId, envelope.tenant.id), isNull(killSwitches.tenantId)),
      ),
    );
  if (!engaged) return null;
  const [agent] =
    engaged.scope === "agent" && engaged.target
      ? await db.select({ name: agents.name }).from(agents).where(eq(agents.id, engaged.target))
      : [];
  const effect = engaged.scope === "agent" ? "paused" : engaged.scope === "tenant" ? "frozen" : "stopped";
  return { ...envelope, kill_switch: { ...killSwitchJson(engaged), agent: agent?.name ?? null, effect } };
}

async function alertRaised(db: Db, envelope: Envelope, alertId: string): Promise<Body | null> {
  const [alert] = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.id, alertId), eq(alerts.tenantId, envelope.tenant.id)));
  return alert ? { ...envelope, alert: alertJson(alert) } : null;
}

/** The rolled back rollout (the subject is its id), as the agent holds it now. */
async function rolloutRolledBack(db: Db, envelope: Envelope, rolloutId: string): Promise<Body | null> {
  const [agent] = await db
    .select({ id: agents.id, name: agents.name, version: agents.version, rollout: agents.rollout })
    .from(agents)
    .where(and(eq(agents.tenantId, envelope.tenant.id), sql`${agents.rollout}->>'id' = ${rolloutId}`));
  const rollout = agent?.rollout;
  if (!agent || !rollout) return null;
  return {
    ...envelope,
    rollout: {
      id: rollout.id,
      agent: agent.name,
      agent_id: agent.id,
      stable_version: agent.version,
      candidate_version: rollout.candidateVersion,
      state: rollout.state,
      reason: rollout.reason,
      ended_at: rollout.endedAt,
      url: publicUrl(`/agents/${agent.id}#rollout`),
    },
  };
}

/** Flightdeck applying a person's decision to the call on the agent's behalf. */
const webhookActor = (tenantId: string): Actor => ({
  kind: "system",
  id: "webhooks",
  label: "Webhooks",
  tenantId,
  tenantName: "",
  role: "operator",
});
