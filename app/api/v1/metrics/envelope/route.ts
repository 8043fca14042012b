import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { getEnvelopeReport } from "@/lib/metrics/envelope";
import { toFilterJson } from "../metrics-json";

/** Approvals, policy denials, outcomes, unverified runs and undone actions, over the dashboards' filter. */
export const GET = apiRoute({ scope: "dashboards:read" }, async ({ actor, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const r = await getEnvelopeReport(getDb(), actor, query);
  return {
    filter: toFilterJson(r.filter),
    approvals: {
      requested: r.approvals.requested,
      approved: r.approvals.approved,
      rejected: r.approvals.rejected,
      expired: r.approvals.expired,
      cancelled: r.approvals.cancelled,
      pending: r.approvals.pending,
      escalation_rate: r.approvals.escalationRate,
      wait_p50_ms: r.approvals.waitP50Ms,
      wait_p95_ms: r.approvals.waitP95Ms,
    },
    escalation_per_day: r.escalationPerDay,
    denials: r.denials,
    outcomes: r.outcomes,
    security: { flagged_runs: r.security.flaggedRuns, refused_calls: r.security.refusedCalls },
    unverified: {
      count: r.unverified.count,
      latest: r.unverified.latest.map((u) => ({
        id: u.id,
        agent: u.agent,
        created_at: u.createdAt,
        error: u.error,
      })),
    },
    undone: r.undone.map((u) => ({
      receipt_id: u.receiptId,
      undoes_receipt_id: u.undoesReceiptId,
      run_id: u.runId,
      tool: u.tool,
      kind: u.kind,
      by: u.by,
      why: u.why,
      at: u.at,
    })),
  };
});
