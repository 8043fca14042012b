import type { AuditEntry } from "@/db/schema";

/** Where an audit entry's target is seen in the app, or null when no page shows it. */
export function auditTargetHref(
  entry: Pick<AuditEntry, "targetType" | "targetId" | "details">,
): string | null {
  const id = entry.targetId;
  switch (entry.targetType) {
    case "run":
    case "run_pause":
      return id ? `/runs/${encodeURIComponent(id)}` : null;
    case "agent":
      return id ? `/agents/${encodeURIComponent(id)}` : null;
    case "approval":
      return id ? `/approvals?tab=history&id=${encodeURIComponent(id)}` : null;
    case "receipt": {
      // A receipt is shown on its run's page.
      const runId = entry.details.runId ?? entry.details.run_id;
      return typeof runId === "string" ? `/runs/${encodeURIComponent(runId)}` : null;
    }
    case "user":
    case "invitation":
      return "/settings#members-title";
    case "api_key":
      return "/settings#keys-title";
    case "webhook":
      return "/settings#webhooks-title";
    case "model_price":
      return "/settings#prices-title";
    case "tool":
    case "mcp_server":
    case "mcp_tool":
      return "/tools";
    case "policy":
      return "/policies";
    case "playbook":
      return id ? `/playbooks/${encodeURIComponent(id)}` : null;
    default:
      return null;
  }
}
