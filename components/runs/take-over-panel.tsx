"use client";

import { useId } from "react";
import { finishRunByHandAction } from "@/app/(app)/runs/[id]/take-over-actions";
import { NotApplied } from "@/components/kill/not-applied";
import { ReleaseButton } from "@/components/kill/release-button";
import { Time } from "@/components/time/time-zone";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { failedInTransit, reachAction } from "@/lib/http/reach-action";

type Hold = { engagedBy: string; engagedAt: string; reason: string };

const finish = (previous: unknown, form: FormData) =>
  reachAction(() => finishRunByHandAction(previous, form));

/**
 * A run an operator took over: who holds it and why, and the two ways out — hand it back to the
 * agent (it resumes from its last committed step) or finish it by hand with their own account.
 */
export function TakeOverPanel({ runId, hold, canFinish }: { runId: string; hold: Hold; canFinish: boolean }) {
  const { result, pending, form } = useKeptForm(finish);
  const id = useId();
  const retry = failedInTransit(result);
  return (
    <section className="card take-over" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Taken over</h2>
      <p>
        <strong>{hold.engagedBy}</strong> took this run over <Time at={hold.engagedAt} />: {hold.reason}
      </p>
      <p className="hint">
        The agent stops at the end of its current step and waits. Hand it back and it goes on from its last
        committed step; or do the rest yourself and finish the run here.
      </p>
      <div className="page-actions">
        <ReleaseButton scope="run_pause" target={runId} label="Hand back to the agent" />
      </div>
      {canFinish && (
        <form {...form} className="take-over-finish" aria-label="Finish the run by hand">
          {retry ? <NotApplied what="Finish by hand" result={result} /> : <FormError result={result} />}
          <input type="hidden" name="runId" value={runId} />
          <fieldset className="field">
            <legend>How did it end?</legend>
            <label className="radio">
              <input type="radio" name="outcome" value="succeeded" defaultChecked /> Done: the goal is met
            </label>
            <label className="radio">
              <input type="radio" name="outcome" value="failed" /> Not done: the goal was given up
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-note`}>What you did or found</label>
            <textarea
              id={`${id}-note`}
              name="note"
              rows={3}
              minLength={3}
              maxLength={4000}
              required
              placeholder="e.g. Refunded the customer by phone; closed the ticket."
            />
          </div>
          <button type="submit" className="button" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}
            {retry ? "Try again" : "Finish the run"}
          </button>
        </form>
      )}
    </section>
  );
}
