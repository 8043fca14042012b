"use client";

import { bulkStopAction } from "@/app/(app)/kill-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { BULK_STOP_FORM } from "./bulk-stop-id";

/** Stops the runs ticked in the table (their checkboxes belong to this form by its id). */
export function BulkStopForm() {
  const { result, pending, form } = useKeptForm(bulkStopAction);
  return (
    <form id={BULK_STOP_FORM} {...form} className="card bulk-stop" aria-label="Stop selected runs">
      <FormError result={result} />
      {result?.ok && (
        <div className="alert alert-ok" role="status">
          Stopped {result.data.stopped} run{result.data.stopped === 1 ? "" : "s"}.
        </div>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="bulk-stop-reason">Reason for stopping the selected runs</label>
          <input id="bulk-stop-reason" name="reason" required minLength={3} maxLength={500} />
        </div>
        <button type="submit" className="button button-danger" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Stop selected
        </button>
      </div>
    </form>
  );
}
