import type { PolicyEffect } from "@/lib/policy/evaluate";

const LABELS: Record<PolicyEffect, string> = { allow: "allow", deny: "deny", approval: "approval" };

export function DecisionBadge({ effect }: { effect: PolicyEffect }) {
  return (
    <span className={`badge decision decision-${effect}`} data-testid="decision">
      {LABELS[effect]}
    </span>
  );
}
