"use client";

import { useId, useState } from "react";
import { markRevertedAction, type RevertState, undoReceiptAction } from "@/app/(app)/receipt-actions";
import { FormError } from "@/components/ui/form-error";
import { type KeptFormProps, useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionError } from "@/lib/http/server-action";

type Mode = "closed" | "undo" | "manual";

const FORMS = {
  undo: {
    name: "reason",
    label: "Why undo it?",
    placeholder: "e.g. the customer kept the item",
    submit: "Undo",
    className: "button-danger",
    aria: (id: number) => `Undo receipt #${id}`,
  },
  manual: {
    name: "note",
    label: "How was it reverted?",
    placeholder: "e.g. phoned the customer to correct it",
    submit: "Mark reverted manually",
    className: "button-secondary",
    aria: (id: number) => `Mark receipt #${id} as reverted manually`,
  },
} as const;

/** One small inline form: the receipt, a required reason or note, submit and cancel. */
function RevertForm(props: {
  kind: Mode & keyof typeof FORMS;
  receiptId: number;
  form: KeptFormProps;
  state: RevertState;
  pending: boolean;
  refused?: ActionError | null;
  onCancel: () => void;
}) {
  const form = FORMS[props.kind];
  const id = useId();
  return (
    <form {...props.form} className="revert-form" aria-label={form.aria(props.receiptId)}>
      {props.refused && (
        <div className="alert alert-error" role="alert">
          {props.refused.message}
        </div>
      )}
      <FormError result={props.state} />
      <input type="hidden" name="receiptId" value={props.receiptId} />
      <label htmlFor={id}>{form.label}</label>
      <div className="revert-row">
        <input
          id={id}
          name={form.name}
          required
          minLength={3}
          maxLength={500}
          placeholder={form.placeholder}
          autoFocus={!props.refused}
        />
        <button type="submit" className={`button ${form.className} button-small`} disabled={props.pending}>
          {props.pending && <span className="spinner" aria-hidden />}
          {form.submit}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Undo (with a required reason) for a receipt whose tool has a compensation; Mark reverted manually
 * (with a note) when it has none, or when the undo was refused (an email already delivered).
 */
export function RevertControls({ receiptId, hasUndo }: { receiptId: number; hasUndo: boolean }) {
  const [mode, setMode] = useState<Mode>("closed");
  const { result: undone, pending: undoing, form: undoForm } = useKeptForm(undoReceiptAction);
  const { result: marked, pending: marking, form: markForm } = useKeptForm(markRevertedAction);
  const refused = undone && !undone.ok ? undone.error : null;
  const offerManual = !hasUndo || refused?.details?.manual_revert === true;
  const close = () => setMode("closed");
  if (undone?.ok || marked?.ok) return <span role="status">Done.</span>;

  if (mode === "closed")
    return (
      <div className="receipt-actions">
        {hasUndo && (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setMode("undo")}
          >
            Undo
          </button>
        )}
        {offerManual && (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => setMode("manual")}
          >
            Mark reverted manually
          </button>
        )}
      </div>
    );
  // A refused undo that offers a manual revert turns into that form, with the refusal on top.
  if (mode === "undo" && !(refused && offerManual))
    return (
      <RevertForm
        kind="undo"
        receiptId={receiptId}
        form={undoForm}
        state={undone}
        pending={undoing}
        onCancel={close}
      />
    );
  return (
    <RevertForm
      kind="manual"
      receiptId={receiptId}
      form={markForm}
      state={marked}
      pending={marking}
      refused={refused}
      onCancel={close}
    />
  );
}
