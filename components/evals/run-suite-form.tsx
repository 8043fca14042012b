"use client";

import { useId } from "react";
import { queueSuiteRunAction } from "@/app/(app)/evals/actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const queue = (previous: unknown, form: FormData) => reachAction(() => queueSuiteRunAction(previous, form));

/** "Run suite": queues a run for a worker, of every case or of one agent's, at a version and model. */
export function RunSuiteForm({ suite, agents }: { suite: string; agents: string[] }) {
  const { result, pending, form } = useKeptForm(queue);
  const id = useId();
  return (
    <form {...form} className="card" aria-label="Run this suite">
      <h2 className="tools-section-title" style={{ padding: 0 }}>
        Run suite
      </h2>
      <p className="hint">
        A worker runs it, each case in a scratch tenant of its own: nothing your agents do here touches this
        tenant's shop. This page shows its progress.
      </p>
      <FormError result={result} />
      {result?.ok && (
        <p className="alert alert-ok" role="status">
          Queued: {result.data.cases} {result.data.cases === 1 ? "case" : "cases"}.
        </p>
      )}
      <input type="hidden" name="suite" value={suite} />
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-agent`}>Cases of</label>
          <select id={`${id}-agent`} name="agent" defaultValue="">
            <option value="">Every agent (each case's own)</option>
            {agents.map((agent) => (
              <option key={agent} value={agent}>
                {agent}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>At version</label>
          <input
            id={`${id}-version`}
            name="agentVersion"
            inputMode="numeric"
            pattern="[0-9]*"
            placeholder="current"
            autoComplete="off"
          />
          {result && !result.ok && result.error.field === "agentVersion" && (
            <p className="hint">Leave it empty for the agent's current version.</p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-model`}>On model</label>
          <input id={`${id}-model`} name="model" placeholder="the agent's" autoComplete="off" />
        </div>
      </div>
      <button type="submit" className="button" disabled={pending} style={{ marginTop: 12 }}>
        {pending && <span className="spinner" aria-hidden />}
        Run suite
      </button>
    </form>
  );
}
