"use client";

import { useActionState, useEffect, useState } from "react";
import { type NewRunValues, startRunAction } from "@/app/(app)/runs/new/actions";
import type { AgentSummary } from "@/lib/agents/queries";

type Props = { agents: AgentSummary[]; initial: NewRunValues };

const FIELDS = ["agent", "input", "model", "externalId"] as const;

export function NewRunForm({ agents, initial }: Props) {
  const [state, formAction, pending] = useActionState(startRunAction, null);
  const values = state?.values ?? initial;
  const error = state && !state.result.ok ? state.result.error : null;
  const field = FIELDS.find((f) => f === error?.field);
  const fieldError = (name: (typeof FIELDS)[number]) =>
    field === name ? error?.message.replace(`${name}: `, "") : undefined;
  const fieldProps = (name: (typeof FIELDS)[number]) =>
    field === name
      ? { "aria-invalid": true, "aria-describedby": `${name}-error` }
      : { "aria-describedby": `${name}-hint` };

  useEffect(() => {
    if (state && field) document.getElementById(`run-${field}`)?.focus();
  }, [state, field]);
  const selected = agents.some((a) => a.name === values.agent) ? values.agent : (agents[0]?.name ?? "");
  const [agentName, setAgentName] = useState(selected);
  const agentInDryRun = agents.find((a) => a.name === agentName)?.dryRun === true;
  const [dryRun, setDryRun] = useState(values.dryRun === true);

  return (
    <form action={formAction} className="card new-run-form" aria-label="Start a run">
      {error && !field && (
        <div className="alert alert-error" role="alert">
          {error.message}
        </div>
      )}
      <div className="field">
        <label htmlFor="run-agent">Agent</label>
        <select
          id="run-agent"
          name="agent"
          defaultValue={selected}
          required
          onChange={(e) => setAgentName(e.target.value)}
          {...fieldProps("agent")}
        >
          {agents.map((a) => (
            <option key={a.id} value={a.name}>
              {a.name} ({a.model})
            </option>
          ))}
        </select>
        <FieldMessage name="agent" error={fieldError("agent")}>
          The agent's own model, tools and budgets apply.
        </FieldMessage>
      </div>
      <div className="field">
        <label htmlFor="run-input">Goal</label>
        <textarea
          id="run-input"
          name="input"
          rows={5}
          required
          maxLength={20_000}
          defaultValue={values.input}
          placeholder="Resolve ticket T-1004"
          {...fieldProps("input")}
        />
        <FieldMessage name="input" error={fieldError("input")}>
          What the agent should achieve, in plain words.
        </FieldMessage>
      </div>
      <div className="field">
        <label htmlFor="run-model">Model override (optional)</label>
        <input
          id="run-model"
          name="model"
          maxLength={200}
          defaultValue={values.model}
          placeholder="the agent's model"
          autoComplete="off"
          {...fieldProps("model")}
        />
        <FieldMessage name="model" error={fieldError("model")}>
          provider:model, e.g. sim:default, openai:gpt-5-mini
        </FieldMessage>
      </div>
      <div className="field">
        <label htmlFor="run-externalId">Session (optional)</label>
        <input
          id="run-externalId"
          name="session"
          maxLength={200}
          defaultValue={values.session}
          placeholder="e.g. T-1004, customer-42"
          autoComplete="off"
          {...fieldProps("externalId")}
        />
        <FieldMessage name="externalId" error={fieldError("externalId")}>
          The case or conversation this run belongs to: runs with the same session are listed together.
        </FieldMessage>
      </div>
      <div className="field">
        <label className="radio">
          <input
            type="checkbox"
            name="dryRun"
            // A dry-run agent's runs always are; the server enforces it as well.
            checked={agentInDryRun || dryRun}
            disabled={agentInDryRun}
            onChange={(e) => setDryRun(e.target.checked)}
          />{" "}
          Dry run: write tools only preview what they would do; nothing changes
        </label>
        {agentInDryRun && (
          <p className="hint">{agentName} is in dry-run mode: promote a finished dry run to execute it.</p>
        )}
      </div>
      <button type="submit" className="button-primary" disabled={pending}>
        {pending && <span className="spinner" aria-hidden />}Start run
      </button>
    </form>
  );
}

function FieldMessage({ name, error, children }: { name: string; error?: string; children: string }) {
  if (error) {
    return (
      <p id={`${name}-error`} className="field-error" role="alert">
        {error}
      </p>
    );
  }
  return (
    <p id={`${name}-hint`} className="hint">
      {children}
    </p>
  );
}
