"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { promoteRunAction, setRunOutcomeAction } from "@/app/(app)/runs/[id]/follow-up-actions";
import { Time } from "@/components/time/time-zone";
import type { RunView } from "@/lib/runs/live-view";
import { isTerminalStatus } from "./format";

export type FollowUpPermissions = { promote: boolean; decide: boolean; replay?: boolean };

const OUTCOMES = [
  { value: "accepted", label: "Accepted" },
  { value: "rejected", label: "Rejected" },
  { value: "corrected", label: "Corrected" },
] as const;

/** After a run: promote a dry run to live, and record the outcome (the person's verdict). */
export function RunFollowUp({ run, can }: { run: RunView; can: FollowUpPermissions }) {
  if (!isTerminalStatus(run.status)) return null;
  const promotable =
    run.dryRun && !run.replayOf && (run.status === "succeeded" || run.status === "unverified");
  if (!run.outcome && !can.decide && !(promotable && can.promote)) return null;
  return (
    <section className="card run-follow-up" aria-label="After the run">
      {promotable && can.promote && <PromoteButton runId={run.id} />}
      <OutcomeForm run={run} canDecide={can.decide} />
    </section>
  );
}

function PromoteButton({ runId }: { runId: string }) {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ id?: string; error?: string } | null>(null);
  if (result?.id)
    return (
      <p role="status">
        Promoted: <Link href={`/runs/${result.id}`}>open the live run {result.id.slice(0, 8)}</Link>
      </p>
    );
  return (
    <div className="promote">
      <p className="muted">
        This dry run only previewed its writes. Promote it to execute the same calls for real; each still
        passes policy and approvals.
      </p>
      <button
        type="button"
        className="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const answer = await promoteRunAction(runId);
            setResult(answer.ok ? { id: answer.data.id } : { error: answer.error.message });
          })
        }
      >
        {pending ? "Promoting…" : "Execute these actions for real"}
      </button>
      {result?.error && (
        <p className="field-error" role="alert">
          {result.error}
        </p>
      )}
    </div>
  );
}

function OutcomeForm({ run, canDecide }: { run: RunView; canDecide: boolean }) {
  const [outcome, setOutcome] = useState(run.outcome?.value ?? "");
  const [note, setNote] = useState(run.outcome?.note ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  // The live view keeps its own copy of the run: show the saved verdict at once.
  const [recorded, setRecorded] = useState(run.outcome);
  return (
    <form
      className="outcome-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        start(async () => {
          const answer = await setRunOutcomeAction(run.id, outcome, note);
          if (answer.ok) setRecorded(answer.data);
          else setError(answer.error.message);
        });
      }}
    >
      <h2 className="run-section-title">Outcome</h2>
      {recorded ? (
        <p data-testid="run-outcome">
          <span className={`badge outcome-${recorded.value}`}>{recorded.value}</span> by {recorded.by}
          {recorded.at && (
            <span className="muted">
              {" "}
              · <Time at={recorded.at} />
            </span>
          )}
          {recorded.note && <span> — {recorded.note}</span>}
        </p>
      ) : (
        <p className="muted">Nobody has judged this run's result yet.</p>
      )}
      {canDecide && (
        <>
          <div className="outcome-choices" role="radiogroup" aria-label="Outcome">
            {OUTCOMES.map((o) => (
              <label key={o.value} className="radio">
                <input
                  type="radio"
                  name="outcome"
                  value={o.value}
                  checked={outcome === o.value}
                  onChange={() => setOutcome(o.value)}
                />{" "}
                {o.label}
              </label>
            ))}
          </div>
          <label htmlFor={`outcome-note-${run.id}`}>
            Note {outcome === "corrected" ? "(what was corrected)" : "(optional)"}
          </label>
          <textarea
            id={`outcome-note-${run.id}`}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="button button-secondary" disabled={pending || outcome === ""}>
            {pending ? "Saving…" : recorded ? "Change outcome" : "Record outcome"}
          </button>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </>
      )}
    </form>
  );
}
