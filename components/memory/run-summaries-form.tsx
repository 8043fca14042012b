"use client";

import { useId } from "react";
import { setRunSummariesAction } from "@/app/(app)/agents/[id]/memory/settings-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const save = (previous: unknown, form: FormData) => reachAction(() => setRunSummariesAction(previous, form));

/** Switches the summary each ended run leaves in the agent's memory on or off. */
export function RunSummariesForm({
  agentId,
  on,
  summaryKey,
}: {
  agentId: string;
  on: boolean;
  summaryKey: string;
}) {
  const { result, pending, form } = useKeptForm(save);
  const id = useId();
  return (
    <form {...form} aria-label="Run summaries" className="form-row" style={{ alignItems: "end" }}>
      <input type="hidden" name="agentId" value={agentId} />
      <div className="field">
        <div className="checkbox-field">
          <input id={`${id}-on`} type="checkbox" name="runSummaries" defaultChecked={on} key={String(on)} />
          <label htmlFor={`${id}-on`}>Keep a summary of each run</label>
        </div>
        <p className="hint">
          When a run ends, its goal, status, answer and effects are written to <code>{summaryKey}</code> (its
          session's item when it has an external id), a new version each run. Marked untrusted: it is a
          model's answer.
        </p>
      </div>
      <div className="field">
        <button type="submit" className="button button-secondary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Save
        </button>
      </div>
      <FormError result={result} />
      {result?.ok && (
        <p className="alert alert-ok" role="status">
          {result.data.on ? "Runs that end from now on leave a summary." : "Runs no longer leave a summary."}
        </p>
      )}
    </form>
  );
}
