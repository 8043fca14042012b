import type { Provenance } from "@/db/schema";

/**
 * Whether approving a request takes a second, deliberate step: its arguments carry text an attacker
 * may have written (untrusted provenance), or its effect cannot be undone. One keystroke must not
 * approve those, and a double tap must never approve the next request.
 */
export function approvalNeedsConfirmation(request: {
  provenance: Record<string, Provenance>;
  risk: string;
  kind?: string;
}): boolean {
  if (request.kind === "reconcile") return false;
  return request.risk === "irreversible" || Object.values(request.provenance).includes("untrusted");
}

/** What the confirmation says about the request. */
export function confirmationReason(request: {
  provenance: Record<string, Provenance>;
  risk: string;
}): string {
  const untrusted = Object.entries(request.provenance)
    .filter(([, from]) => from === "untrusted")
    .map(([name]) => name);
  const parts = [
    ...(untrusted.length > 0 ? [`${untrusted.join(", ")} came from untrusted text`] : []),
    ...(request.risk === "irreversible" ? ["its effect cannot be undone"] : []),
  ];
  return `Approve deliberately: ${parts.join(", and ")}.`;
}
