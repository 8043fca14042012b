"use client";

import { useState, useTransition } from "react";
import { importAgentsAction } from "@/app/(app)/agents/import/actions";
import type { ImportOutcome } from "@/lib/agents/import-agents";

type Picked = { name: string; text: string };

const ACTION_LABELS: Record<ImportOutcome["action"], string> = {
  created: "will be created",
  updated: "will get a new version",
  unchanged: "is unchanged",
};

/** Pick agent files, see what they would change, then import them: all or nothing. */
export function ImportAgentsForm() {
  const [files, setFiles] = useState<Picked[]>([]);
  const [plan, setPlan] = useState<ImportOutcome[] | null>(null);
  const [done, setDone] = useState<ImportOutcome[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  async function pick(list: FileList | null) {
    setPlan(null);
    setDone(null);
    setError(null);
    setFiles(
      await Promise.all(
        [...(list ?? [])].map(async (file) => ({ name: file.name, text: await file.text() })),
      ),
    );
  }

  function run(dryRun: boolean) {
    start(async () => {
      const result = await importAgentsAction({ files, dryRun });
      if (!result.ok) {
        setError(result.error.message);
        setPlan(null);
        return;
      }
      setError(null);
      if (dryRun) setPlan(result.data.outcomes);
      else {
        setDone(result.data.outcomes);
        setPlan(null);
      }
    });
  }

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Agent files</h2>
      <div className="field">
        <label htmlFor="agent-files">Files (YAML or JSON, one agent each)</label>
        <input
          id="agent-files"
          type="file"
          multiple
          accept=".yaml,.yml,.json,application/json,application/yaml"
          onChange={(event) => pick(event.target.files)}
          aria-describedby="agent-files-hint"
        />
        <p id="agent-files-hint" className="hint">
          Export an agent from its page to see the format. Every file is checked before anything changes; an
          agent that exists gets a new version, a new name a new agent.
        </p>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error} Nothing was changed.
        </div>
      )}
      {plan && (
        <div role="status" aria-label="What the import would do">
          <ul className="import-plan">
            {plan.map((o) => (
              <li key={o.file}>
                <span className="mono">{o.file}</span>: {o.agent} {ACTION_LABELS[o.action]}
              </li>
            ))}
          </ul>
        </div>
      )}
      {done && (
        <div className="alert alert-ok" role="status">
          Imported:{" "}
          {done
            .map(
              (o) =>
                `${o.agent} ${o.action === "unchanged" ? "unchanged" : `${o.action} (version ${o.version})`}`,
            )
            .join(", ")}
          .
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button-secondary"
          disabled={pending || files.length === 0}
          onClick={() => run(true)}
        >
          {pending && <span className="spinner" aria-hidden />}Check files
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={pending || !plan}
          onClick={() => run(false)}
        >
          Import {plan ? `${plan.length} agent${plan.length === 1 ? "" : "s"}` : ""}
        </button>
      </div>
    </section>
  );
}
