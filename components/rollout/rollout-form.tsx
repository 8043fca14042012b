"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState, useTransition } from "react";
import {
  abandonRolloutAction,
  promoteRolloutAction,
  setRolloutAction,
} from "@/app/(app)/agents/[id]/rollout-actions";
import {
  ROLLOUT_FIELDS,
  type RolloutField,
  type RolloutFormValues,
} from "@/app/(app)/agents/[id]/rollout-fields";
import { describedBy, FieldMessage } from "@/components/agents/field-message";
import { useFieldErrors } from "@/components/ui/use-field-errors";

type Field = RolloutField;

type Props = {
  agentId: string;
  /** The versions that may be the candidate: every saved one but the current. */
  candidates: number[];
  current: RolloutFormValues;
  active: boolean;
};

/** Sets (or changes) the agent's rollout; a refused form keeps what was typed and names the field. */
export function RolloutForm({ agentId, candidates, current, active }: Props) {
  const [state, formAction, pending] = useActionState(setRolloutAction, null);
  const { form, error, values, field, fieldError } = useFieldErrors(state, ROLLOUT_FIELDS, current);
  const saved = state?.result.ok ? state.result.data : null;

  if (candidates.length === 0)
    return (
      <p className="muted">
        The agent has one version: save a change to its definition, and roll out either version against the
        other.
      </p>
    );
  return (
    <form ref={form} action={formAction} className="rollout-form" aria-label="Rollout settings">
      {error && !field && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      {saved && (
        <div className="alert alert-ok" role="status">
          Version {saved.candidateVersion} now serves {saved.percent} % of new runs.
        </div>
      )}
      <input type="hidden" name="agentId" value={agentId} />
      <div className="form-row">
        <div className="field">
          <label htmlFor="rollout-candidateVersion">Candidate version</label>
          <select
            id="rollout-candidateVersion"
            name="candidateVersion"
            defaultValue={values.candidateVersion || String(candidates[0])}
            key={values.candidateVersion}
            {...describedBy("candidateVersion", Boolean(fieldError("candidateVersion")))}
          >
            {candidates.map((v) => (
              <option key={v} value={v}>
                Version {v}
              </option>
            ))}
          </select>
          <FieldMessage name="candidateVersion" error={fieldError("candidateVersion")}>
            The version new runs may get instead of the current one.
          </FieldMessage>
        </div>
        <Share
          name="percent"
          label="Share of new runs (%)"
          value={values.percent}
          error={fieldError("percent")}
        >
          0–100. A run with a session key gets the same version as its session&apos;s other runs.
        </Share>
        <Share
          name="shadowPercent"
          label="Shadow sample (%)"
          value={values.shadowPercent}
          error={fieldError("shadowPercent")}
        >
          0–100 of the current version&apos;s ended runs replayed by the candidate, executing nothing.
        </Share>
      </div>
      <div className="form-row">
        <Share
          name="marginPct"
          label="Rollback margin (points)"
          value={values.marginPct}
          error={fieldError("marginPct")}
        >
          Rolled back when the candidate fails this many points more often than the current version.
        </Share>
        <NumberInput
          name="windowMinutes"
          label="Window (minutes)"
          value={values.windowMinutes}
          min={5}
          max={10_080}
          error={fieldError("windowMinutes")}
        >
          The recent runs compared: 5 minutes to a week.
        </NumberInput>
        <NumberInput
          name="minRuns"
          label="Minimum runs"
          value={values.minRuns}
          min={1}
          max={10_000}
          error={fieldError("minRuns")}
        >
          Ended runs each side needs in the window before it is judged.
        </NumberInput>
      </div>
      <button type="submit" className="button-primary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}
        {active ? "Save rollout" : "Start rollout"}
      </button>
    </form>
  );
}

function Share(props: { name: Field; label: string; value: string; error?: string; children: string }) {
  return <NumberInput {...props} min={0} max={100} />;
}

function NumberInput({
  name,
  label,
  value,
  min,
  max,
  error,
  children,
}: {
  name: Field;
  label: string;
  value: string;
  min: number;
  max: number;
  error?: string;
  children: string;
}) {
  const id = `rollout-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        required
        defaultValue={value}
        key={value}
        {...describedBy(name, Boolean(error))}
      />
      <FieldMessage name={name} error={error}>
        {children}
      </FieldMessage>
    </div>
  );
}

/** Promote (the candidate becomes current) or abandon, each after a confirmation that says what it does. */
export function RolloutDecision({
  agentId,
  candidateVersion,
  agentVersion,
}: {
  agentId: string;
  candidateVersion: number;
  agentVersion: number;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<"promote" | "abandon" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  function decide(which: "promote" | "abandon") {
    start(async () => {
      const result =
        which === "promote"
          ? await promoteRolloutAction(agentId, agentVersion)
          : await abandonRolloutAction(agentId);
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setConfirming(null);
      router.refresh();
    });
  }

  return (
    <div className="rollout-decision">
      {confirming === null ? (
        <div className="form-row">
          <button type="button" className="button-primary" onClick={() => setConfirming("promote")}>
            Promote version {candidateVersion}
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming("abandon")}>
            Abandon rollout
          </button>
        </div>
      ) : (
        <div
          role="alertdialog"
          aria-label={confirming === "promote" ? "Promote the candidate" : "Abandon the rollout"}
          onKeyDown={(e) => e.key === "Escape" && setConfirming(null)}
        >
          <span>
            {confirming === "promote"
              ? `Save version ${candidateVersion}'s definition as version ${agentVersion + 1}, the current one for every new run?`
              : `Abandon the rollout? Every new run gets version ${agentVersion} again.`}
          </span>{" "}
          <button
            type="button"
            className="button-primary button-small"
            onClick={() => decide(confirming)}
            disabled={pending}
            autoFocus
          >
            {pending && <span className="spinner" aria-hidden />}
            {confirming === "promote" ? "Promote" : "Abandon"}
          </button>{" "}
          <button type="button" className="button-secondary button-small" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
