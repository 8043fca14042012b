"use client";

import Link from "next/link";
import { useId } from "react";
import { saveTestCaseAction } from "@/app/(app)/runs/[id]/test-case-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const save = (previous: unknown, form: FormData) => reachAction(() => saveTestCaseAction(previous, form));

/** "Save as test case": the run's goal and what it did become a draft case of a suite. */
export function SaveTestCaseForm({ runId, suites }: { runId: string; suites: string[] }) {
  const { result, pending, form } = useKeptForm(save);
  const id = useId();
  return (
    <details className="replay-menu">
      <summary className="button button-secondary">Save as test case</summary>
      <form {...form} className="replay-form card" aria-label="Save this run as a test case">
        <FormError result={result} />
        {result?.ok && (
          <p className="alert alert-ok" role="status">
            Saved as <strong>{result.data.name}</strong> in{" "}
            <Link href={`/evals/${result.data.suite}/cases/${result.data.caseId}`}>{result.data.suite}</Link>.
          </p>
        )}
        <p className="hint">
          The goal, how the run ended, its receipts, steps and cost become the case's draft expectations. Edit
          them in the exported file and run it with <code>npm run eval</code>.
        </p>
        <input type="hidden" name="runId" value={runId} />
        <div className="field">
          <label htmlFor={`${id}-suite`}>Suite</label>
          <input
            id={`${id}-suite`}
            name="suite"
            required
            list={`${id}-suites`}
            defaultValue={suites[0] ?? "saved-runs"}
            autoComplete="off"
            pattern="[a-z0-9][a-z0-9._\-]*"
            title="Lower-case letters, digits, dots, dashes and underscores"
          />
          <datalist id={`${id}-suites`}>
            {suites.map((suite) => (
              <option key={suite} value={suite} />
            ))}
          </datalist>
          <p className="hint">A new name creates the suite.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Case name</label>
          <input id={`${id}-name`} name="name" placeholder={`run-${runId.slice(0, 8)}`} autoComplete="off" />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Save test case
        </button>
      </form>
    </details>
  );
}
