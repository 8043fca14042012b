import { Time } from "@/components/time/time-zone";
import type { ReceiptLink } from "@/lib/receipts/links";
import { RevertControls } from "./revert-controls";

const KIND_LABELS: Record<ReceiptLink["kind"], string> = {
  action: "action",
  undo: "undo",
  manual_revert: "manual revert",
  preview: "preview",
};

// Long or bookkeeping fields stay in the step's full receipt; the panel shows what identifies the effect.
const SKIPPED = new Set(["diff", "content_before", "idempotency_key", "reason", "note", "by"]);
const MAX_FACTS = 4;

function facts(evidence: Record<string, unknown>): [string, string][] {
  return Object.entries(evidence)
    .filter(([k, v]) => !SKIPPED.has(k) && v !== null && typeof v !== "object")
    .slice(0, MAX_FACTS)
    .map(([k, v]) => {
      const text = String(v);
      return [
        k,
        /^[0-9a-f]{64}$/.test(text)
          ? `${text.slice(0, 12)}…`
          : text.length > 60
            ? `${text.slice(0, 59)}…`
            : text,
      ];
    });
}

function Links({ receipt }: { receipt: ReceiptLink }) {
  const r = receipt.revertedBy;
  if (r)
    return (
      <p className="receipt-link" data-testid="receipt-reverted">
        <span className={`badge receipt-badge-${r.kind === "undo" ? "undone" : "reverted"}`}>
          {r.kind === "undo" ? "undone" : "reverted manually"}
        </span>{" "}
        by <a href={`#receipt-${r.id}`}>#{r.id}</a>
        {r.by && <> · {r.by}</>} · <Time at={r.at} />
        {r.why && <span className="receipt-why"> — “{r.why}”</span>}
      </p>
    );
  if (receipt.undoes !== null)
    return (
      <p className="receipt-link">
        {receipt.kind === "undo" ? "undoes" : "marks as reverted"}{" "}
        <a href={`#receipt-${receipt.undoes}`}>#{receipt.undoes}</a>
      </p>
    );
  return null;
}

/** The run's receipts: evidence, links between an action and its undo, and Undo / Mark reverted manually. */
export function ReceiptsPanel({ receipts, canRevert }: { receipts: ReceiptLink[]; canRevert: boolean }) {
  const id = "receipts-heading";
  return (
    <section className="card receipts-panel" aria-labelledby={id}>
      <h2 id={id}>Receipts</h2>
      <p className="muted receipts-note">
        Evidence of each effect, hash-chained. A write can be undone (its compensation runs as its own
        receipt) or, when it has no undo, marked as reverted manually.
      </p>
      <ol className="receipts-list">
        {receipts.map((r) => (
          <li key={r.id} id={`receipt-${r.id}`} className={`receipt receipt-${r.kind}`} data-testid="receipt">
            <div className="receipt-head">
              <span className="mono receipt-id">#{r.id}</span>
              <span className={`badge receipt-kind receipt-kind-${r.kind}`}>{KIND_LABELS[r.kind]}</span>
              <span className="mono receipt-tool">{r.tool}</span>
              {r.risk && r.kind === "action" && (
                <span className={`badge receipt-risk-${r.risk}`}>{r.risk}</span>
              )}
              <a className="muted receipt-step" href={`#step-${r.seq}`}>
                step {r.seq}
              </a>
            </div>
            {r.evidence ? (
              <dl className="receipt-facts">
                {facts(r.evidence).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd className="mono">{v}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted receipt-facts">Evidence redacted for your role.</p>
            )}
            <Links receipt={r} />
            {canRevert && r.revertable && <RevertControls receiptId={r.id} hasUndo={r.hasUndo} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
