"use client";

import { useState, useTransition } from "react";
import { policyVersionAction, restorePolicyAction } from "@/app/(app)/policies/actions";
import { Time } from "@/components/time/time-zone";
import { CedarCode } from "./cedar-code";
import { PolicyDiff } from "./policy-diff";
import type { ActivePolicy, VersionSummary } from "./types";

type Props = { versions: VersionSummary[]; active: ActivePolicy; canWrite: boolean };
type Selected = { version: number; text: string };

export function VersionHistory({ versions, active, canWrite }: Props) {
  const [selected, setSelected] = useState<Selected | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restored, setRestored] = useState<{ from: number; to: number } | null>(null);
  const [loading, startLoading] = useTransition();
  const [restoring, startRestoring] = useTransition();

  function select(version: number) {
    setConfirming(false);
    setRestored(null);
    startLoading(async () => {
      const result = await policyVersionAction(version);
      if (result.ok) {
        setError(null);
        setSelected(result.data);
      } else setError(result.error.message);
    });
  }

  function restore(version: number) {
    startRestoring(async () => {
      const result = await restorePolicyAction(version);
      setConfirming(false);
      if (result.ok) {
        setError(null);
        setSelected(null);
        setRestored({ from: version, to: result.data.version });
      } else setError(result.error.message);
    });
  }

  return (
    <section className="card policy-area-history" aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      {restored && (
        <div className="alert alert-ok" role="status">
          Restored version {restored.from} as version {restored.to}.
        </div>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <div className="table-wrap">
        <table className="policy-versions">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Saved by</th>
              <th scope="col">When</th>
              <th scope="col">Comment</th>
              <th scope="col">
                <span className="sr-only">View</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr
                key={v.version}
                data-version={v.version}
                className={selected?.version === v.version ? "selected" : undefined}
              >
                <td className="num">
                  {v.version}
                  {v.version === active.version && (
                    <span className="badge decision-allow policy-active-pill">active</span>
                  )}
                </td>
                <td>{v.createdBy}</td>
                <td>{v.createdAt ? <Time at={v.createdAt} /> : <span className="muted">built in</span>}</td>
                <td className="policy-comment">{v.comment || <span className="muted">—</span>}</td>
                <td>
                  <button
                    type="button"
                    className="button-secondary button-small"
                    aria-pressed={selected?.version === v.version}
                    onClick={() => select(v.version)}
                    disabled={loading}
                  >
                    View<span className="sr-only"> version {v.version}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loading && (
        <p className="hint" role="status">
          <span className="spinner" aria-hidden /> Loading the version…
        </p>
      )}
      {selected && !loading && (
        <section className="policy-version-view" aria-label={`Version ${selected.version}`}>
          <div className="policy-card-head">
            <h3>Version {selected.version}</h3>
            {canWrite && selected.version !== active.version && !confirming && (
              <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
                Restore version {selected.version}
              </button>
            )}
          </div>
          {confirming && (
            <div className="alert alert-warn" role="alertdialog" aria-label="Confirm restore">
              <p>
                Restoring saves version {selected.version}&apos;s text as a new version, and it decides every
                new tool call from then on.
              </p>
              <div className="form-actions">
                <button
                  type="button"
                  className="button-primary"
                  disabled={restoring}
                  onClick={() => restore(selected.version)}
                  autoFocus
                >
                  {restoring && <span className="spinner" aria-hidden />}Confirm restore
                </button>
                <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {selected.version === active.version ? (
            <p className="muted">This is the active version.</p>
          ) : (
            <>
              <h4 className="policy-subtitle">
                Changes from version {selected.version} to the active version {active.version}
              </h4>
              <PolicyDiff
                from={selected.text}
                to={active.text}
                label={`Diff of version ${selected.version} against version ${active.version}`}
              />
            </>
          )}
          <details className="policy-version-text">
            <summary>Full text of version {selected.version}</summary>
            <CedarCode text={selected.text} label={`Policy version ${selected.version}`} />
          </details>
        </section>
      )}
    </section>
  );
}
