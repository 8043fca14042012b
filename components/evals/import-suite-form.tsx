"use client";

import Link from "next/link";
import { useId } from "react";
import { importSuiteAction } from "@/app/(app)/evals/actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import { reachAction } from "@/lib/http/reach-action";

const importSuite = (previous: unknown, form: FormData) =>
  reachAction(() => importSuiteAction(previous, form));

/** Import a suite file (chosen or pasted): a suite of the same name has its cases replaced. */
export function ImportSuiteForm() {
  const { result, pending, form } = useKeptForm(importSuite);
  const id = useId();
  return (
    <details className="card" open={result ? true : undefined}>
      <summary>Import a suite file</summary>
      <form {...form} aria-label="Import a suite file">
        <p className="hint">
          The format of <code>lib/evals/suites/*.json</code> (see docs/evals.md). A suite of the same name has
          its cases replaced; its earlier results stay.
        </p>
        <FormError result={result} />
        {result?.ok && (
          <p className="alert alert-ok" role="status">
            {result.data.replaced ? "Replaced" : "Imported"}{" "}
            <Link href={`/evals/${result.data.name}`}>{result.data.name}</Link>: {result.data.cases}{" "}
            {result.data.cases === 1 ? "case" : "cases"}.
          </p>
        )}
        <div className="field">
          <label htmlFor={`${id}-file`}>Suite file</label>
          <input id={`${id}-file`} name="file" type="file" accept="application/json,.json" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Or paste it</label>
          <textarea
            id={`${id}-text`}
            name="text"
            rows={6}
            className="mono"
            spellCheck={false}
            style={{ width: "100%" }}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          Import suite
        </button>
      </form>
    </details>
  );
}
