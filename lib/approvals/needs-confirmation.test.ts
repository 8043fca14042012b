import { describe, expect, it } from "vitest";
import { approvalNeedsConfirmation, confirmationReason } from "./needs-confirmation";

describe("a deliberate approval", () => {
  it("is needed for untrusted arguments and irreversible calls, not for the rest", () => {
    expect(approvalNeedsConfirmation({ provenance: { amount_usd: "untrusted" }, risk: "write" })).toBe(true);
    expect(approvalNeedsConfirmation({ provenance: {}, risk: "irreversible" })).toBe(true);
    expect(approvalNeedsConfirmation({ provenance: { amount_usd: "operator" }, risk: "write" })).toBe(false);
    expect(
      approvalNeedsConfirmation({ provenance: { to: "untrusted" }, risk: "write", kind: "reconcile" }),
    ).toBe(false);
    expect(
      confirmationReason({ provenance: { amount_usd: "untrusted", to: "model" }, risk: "irreversible" }),
    ).toBe("Approve deliberately: amount_usd came from untrusted text, and its effect cannot be undone.");
  });
});
