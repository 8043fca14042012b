"use client";

import { useId } from "react";
import { setReadinessGateAction } from "@/app/(app)/agents/[id]/readiness-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const save = (previous: unknown, form: FormData) => reachAction(() => setReadinessGateAction(previous, form));

/** An admin chooses the readiness suite, or none. */
export function ReadinessGateForm({
  agentId,
  suites,
  current,
}: {
  agentId: string;
  suites: string[];
  current: string;
}) {
  const { result, pending, form } = useKeptForm(save);
  const id = useId();
  return (
    <form {...form} aria-label="Readiness suite" className="form-row" style={{ alignItems: "end" }}>
      <input type="hidden" name="agentId" value={agentId} />
      <div className="field">
        <label htmlFor={`${id}-suite`}>Suite that must pass before going live</label>
        <select id={`${id}-suite`} name="suite" defaultValue={current} key={current}>
          <option value="">No gate</option>
          {suites.map((suite) => (
            <option key={suite} value={suite}>
              {suite}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <button type="submit" className="button button-secondary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Save gate
        </button>
      </div>
      <FormError result={result} />
      {result?.ok && (
        <p className="alert alert-ok" role="status">
          {result.data.suite ? `Gate set: ${result.data.suite} must pass.` : "Gate removed."}
        </p>
      )}
    </form>
  );
}
