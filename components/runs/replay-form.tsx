"use client";

import Link from "next/link";
import { useId } from "react";
import { replayRunAction } from "@/app/(app)/runs/[id]/replay-actions";
import { closeOnEscape } from "@/components/ui/close-on-escape";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

type Props = {
  runId: string;
  lastSeq: number;
  model: string;
  agentVersion: number;
  /** Set by a step's "Fork from here": the form opens with it as the step to fork after. */
  fromStep?: number;
};

const replay = (previous: unknown, form: FormData) => reachAction(() => replayRunAction(previous, form));

/** "Replay…": replays the run with what the person changes, as a new dry run linked to this one. */
export function ReplayForm({ runId, lastSeq, model, agentVersion, fromStep }: Props) {
  const { result, pending, form } = useKeptForm(replay);
  const id = useId();
  return (
    <details id="replay" className="replay-menu" open={fromStep !== undefined} onKeyDown={closeOnEscape}>
      <summary className="button button-secondary">Replay…</summary>
      <form {...form} className="replay-form card" aria-label="Replay this run">
        <FormError result={result} />
        {result?.ok && (
          <p className="alert alert-ok" role="status">
            Replay started:{" "}
            <Link href={`/runs/${result.data.id}`}>open run {result.data.id.slice(0, 8)}</Link> ·{" "}
            <Link href={`/runs/compare?a=${runId}&b=${result.data.id}`}>compare</Link>
          </p>
        )}
        <input type="hidden" name="runId" value={runId} />
        <fieldset className="replay-modes">
          <legend>Mode</legend>
          <label>
            <input type="radio" name="mode" value="recorded" defaultChecked /> Recorded — tools answer from
            this run's record; nothing runs
          </label>
          <label>
            <input type="radio" name="mode" value="dry_run" /> Dry run — reads run for real, writes are
            previewed
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-from`}>From step</label>
          <input
            id={`${id}-from`}
            name="fromStep"
            type="number"
            min={0}
            max={lastSeq}
            defaultValue={fromStep}
            placeholder="0"
          />
          <p className="hint">0 starts over; N keeps this run's first N steps and goes on from there.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>Model</label>
          <input id={`${id}-model`} name="model" placeholder={model} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-agent`}>Agent version</label>
          <input
            id={`${id}-agent`}
            name="agentVersion"
            type="number"
            min={1}
            placeholder={String(agentVersion)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-policy`}>Policy version</label>
          <input id={`${id}-policy`} name="policyVersion" type="number" min={0} placeholder="active" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-instructions`}>Instructions</label>
          <textarea id={`${id}-instructions`} name="instructions" rows={3} placeholder="the agent's" />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Start replay
        </button>
      </form>
    </details>
  );
}
