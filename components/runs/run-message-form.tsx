"use client";

import { useId } from "react";
import { sendRunMessageAction } from "@/app/(app)/runs/[id]/message-actions";
import { closeOnEscape } from "@/components/ui/close-on-escape";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const send = (previous: unknown, form: FormData) => reachAction(() => sendRunMessageAction(previous, form));

/** "Message…": an instruction the agent's model reads at its next step, as the operator's. */
export function RunMessageForm({ runId }: { runId: string }) {
  const { result, pending, form } = useKeptForm(send);
  const id = useId();
  return (
    <details className="replay-menu" onKeyDown={closeOnEscape}>
      <summary className="button button-secondary">Message…</summary>
      <form {...form} className="replay-form card" aria-label="Send the agent a message">
        <FormError result={result} />
        {result?.ok && (
          <p className="alert alert-ok" role="status">
            Sent: the agent reads it at its next step.
          </p>
        )}
        <input type="hidden" name="runId" value={runId} />
        <div className="field">
          <label htmlFor={`${id}-message`}>Send the agent a message</label>
          <textarea
            id={`${id}-message`}
            name="message"
            rows={4}
            maxLength={4000}
            required
            placeholder="e.g. Do not refund this order: the customer was already compensated."
          />
          <p className="hint">
            Its model reads it before its next step, once, as your instruction (trusted operator input). A run
            waiting for a person reads it when it resumes.
          </p>
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Send message
        </button>
      </form>
    </details>
  );
}
