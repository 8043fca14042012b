"use client";

import { useId, useState } from "react";
import { engageKillAction } from "@/app/(app)/kill-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { failedInTransit, reachAction } from "@/lib/http/reach-action";
import { NotApplied } from "./not-applied";

type Props = {
  scope: "run" | "run_pause" | "agent" | "tenant" | "global";
  target?: string;
  /** The button that opens the form, e.g. "Stop", "Pause", "Freeze". */
  label: string;
  confirmLabel: string;
  /** Asks for STOP typed out, for the global switch. */
  typedConfirmation?: boolean;
  startOpen?: boolean;
  /** `secondary` for a switch that holds rather than ends (taking a run over). */
  tone?: "danger" | "secondary";
};

// A stop sent while the server is down must leave the page standing and say it did nothing.
const engage = (previous: unknown, form: FormData) => reachAction(() => engageKillAction(previous, form));

/** A kill button that asks for a reason (and, for everything, a typed STOP) before it engages. */
export function KillForm({
  scope,
  target,
  label,
  confirmLabel,
  typedConfirmation,
  startOpen,
  tone = "danger",
}: Props) {
  const [open, setOpen] = useState(Boolean(startOpen));
  const { result, pending, form } = useKeptForm(engage);
  const id = useId();
  const retry = failedInTransit(result);
  if (result?.ok)
    return (
      <span className="muted" role="status">
        {confirmLabel}: done.
      </span>
    );
  if (!open)
    return (
      <button type="button" className={`button button-${tone}`} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <form {...form} className="kill-form" aria-label={confirmLabel}>
      {retry ? <NotApplied what={confirmLabel} result={result} /> : <FormError result={result} />}
      <input type="hidden" name="scope" value={scope} />
      {target && <input type="hidden" name="target" value={target} />}
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} name="reason" required minLength={3} maxLength={500} autoFocus />
      </div>
      {typedConfirmation && (
        <div className="field">
          <label htmlFor={`${id}-confirm`}>Type STOP to confirm</label>
          <input id={`${id}-confirm`} name="confirmation" required pattern="STOP" autoComplete="off" />
        </div>
      )}
      <div className="page-actions">
        <button type="submit" className={`button button-${tone}`} disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          {retry ? "Try again" : confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
