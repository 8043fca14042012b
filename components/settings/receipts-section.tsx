"use client";

import { useActionState } from "react";
import { verifyReceiptsAction } from "@/app/(app)/settings/actions";
import { FormError } from "@/components/ui/form-error";

const KIND_LABELS = {
  edited: "content edited",
  broken_link: "chain link broken (a receipt before it is missing or out of order)",
  bad_chain_hash: "chain hash does not match",
  unsealed: "not sealed into the chain",
} as const;

/** Admins recompute the tenant's receipt chain and see any edit, gap or reorder. */
export function ReceiptsSection() {
  const [result, formAction, pending] = useActionState(verifyReceiptsAction, null);
  const verification = result?.ok ? result.data : null;
  return (
    <section className="card" aria-labelledby="receipts-title">
      <h2 id="receipts-title">Receipts</h2>
      <p className="muted">
        Every executed tool call leaves a receipt, hash-chained per tenant. Verifying recomputes the chain and
        names any receipt that was edited, removed or reordered.
      </p>
      <form action={formAction} className="form-row" aria-label="Verify receipts">
        <FormError result={result} />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Verify receipts
        </button>
      </form>
      {verification && (
        <div role="status" data-testid="receipts-status">
          {verification.ok ? (
            <p>{verification.checked} receipts verified, chain intact.</p>
          ) : (
            <>
              <p>
                {verification.problems.length} problem(s) in {verification.checked} receipts:
              </p>
              <ul>
                {verification.problems.map((p) => (
                  <li key={`${p.receiptId}-${p.kind}`}>
                    Receipt {p.receiptId} (run <code>{p.runId}</code>, step {p.seq}): {KIND_LABELS[p.kind]}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
