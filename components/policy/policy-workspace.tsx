"use client";

import { useState } from "react";
import { CedarCode } from "./cedar-code";
import { PolicyEditor } from "./policy-editor";
import { TestCallForm } from "./test-call-form";
import type { ActivePolicy, TestAgent } from "./types";
import { VersionMeta } from "./version-meta";

type Props = { active: ActivePolicy; canWrite: boolean; agents: TestAgent[] };

/** The active policy, its editor (admins) and "Test a call", which can try the editor's draft. */
export function PolicyWorkspace({ active, canWrite, agents }: Props) {
  const [editing, setEditing] = useState<{ base: number; draft: string } | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  return (
    <>
      <section className="card policy-area-active" aria-labelledby="active-policy-title">
        <div className="policy-card-head">
          <h2 id="active-policy-title">Active policy</h2>
          <a href="/api/policies/export" className="button button-secondary" download>
            Export
          </a>
          {canWrite && !editing && (
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setSaved(null);
                setEditing({ base: active.version, draft: active.text });
              }}
            >
              Edit
            </button>
          )}
        </div>
        <VersionMeta version={active} />
        {saved !== null && (
          <div className="alert alert-ok" role="status">
            Saved as version {saved}: it decides every new tool call from now on.
          </div>
        )}
        {!canWrite && <p className="hint">Read-only: only admins can change the policy.</p>}
        {editing ? (
          <PolicyEditor
            draft={editing.draft}
            baseVersion={editing.base}
            onDraftChange={(draft) => setEditing({ ...editing, draft })}
            onCancel={() => setEditing(null)}
            onSaved={(version) => {
              setEditing(null);
              setSaved(version);
            }}
          />
        ) : (
          <CedarCode text={active.text} label={`Policy version ${active.version}`} anchors={active.anchors} />
        )}
      </section>
      <TestCallForm agents={agents} draft={editing?.draft ?? null} />
    </>
  );
}
