"use client";

import { useActionState, useEffect, useRef } from "react";
import { updateAgentAction } from "@/app/(app)/agents/[id]/actions";
import type { AgentFormValues } from "@/app/(app)/agents/form-input";
import { createAgentAction } from "@/app/(app)/agents/new/actions";
import { useFieldErrors } from "@/components/ui/use-field-errors";
import { EDITABLE_AGENT_FIELDS } from "@/lib/agents/editable-fields";
import type { ToolOption } from "@/lib/agents/tool-options";
import { LIMIT_BOUNDS, type LimitName } from "@/lib/budgets/limit-bounds";
import { describedBy, FieldMessage, TextField } from "./field-message";
import { CHANGED_LABELS } from "./format";
import { ToolCheckboxes } from "./tool-checkboxes";

/** Editing an agent at a version, or a new one (blank, or a copy of another). */
export type AgentFormTarget =
  | { kind: "edit"; agentId: string; version: number }
  | { kind: "new"; copyOf?: { id: string; name: string; version: number } };

type Props = {
  target: AgentFormTarget;
  current: AgentFormValues;
  tools: ToolOption[];
  /** The workflows this deployment registered, by name. */
  workflows: string[];
};

const FIELDS = [...EDITABLE_AGENT_FIELDS, "name", "comment"] as const;
type Field = (typeof FIELDS)[number];

export function AgentForm({ target, current, tools, workflows }: Props) {
  const creating = target.kind === "new";
  const [state, formAction, pending] = useActionState(creating ? createAgentAction : updateAgentAction, null);
  const { form, error, values, field, fieldError } = useFieldErrors(state, FIELDS, current);
  const saved = state?.result.ok ? state.result.data : null;

  return (
    <form ref={form} action={formAction} className="card agent-form" aria-labelledby="edit-title">
      <h2 id="edit-title">{creating ? "Definition of the new agent" : "Definition"}</h2>
      {error && !field && (
        <div className="alert alert-error" role="alert">
          {error.message}
          {error.code === "conflict" && target.kind === "edit" && (
            <>
              {" "}
              <a href={`/agents/${target.agentId}`}>Reload (discards your edits)</a>
            </>
          )}
        </div>
      )}
      {saved && (
        <div className="alert alert-ok" role="status">
          {saved.changed.length === 0
            ? `Nothing to save: no field changed. The agent is still at version ${saved.version}.`
            : `Saved as version ${saved.version}: changed ${saved.changed.map((c) => CHANGED_LABELS[c] ?? c).join(", ")}.`}
        </div>
      )}
      {target.kind === "edit" ? (
        <>
          <input type="hidden" name="agentId" value={target.agentId} />
          <input type="hidden" name="expectedVersion" value={target.version} />
        </>
      ) : (
        <>
          {target.copyOf && <input type="hidden" name="copyOf" value={target.copyOf.id} />}
          <div className="field">
            <label htmlFor="agent-name">Name</label>
            <input
              id="agent-name"
              name="name"
              required
              maxLength={64}
              pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              defaultValue={values.name}
              {...describedBy("name", field === "name")}
            />
            <FieldMessage name="name" error={fieldError("name")}>
              Letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, e.g. billing-helper: runs and
              the API name the agent by it, and it cannot change later.
            </FieldMessage>
          </div>
        </>
      )}
      <TextField
        id="agent-description"
        name="description"
        label="Description"
        maxLength={500}
        value={values.description}
        error={fieldError("description")}
        hint="One line on what the agent is for; up to 500 characters."
      />
      <TextField
        id="agent-model"
        name="model"
        label="Model"
        required
        code
        maxLength={200}
        value={values.model}
        error={fieldError("model")}
        hint="provider:model, e.g. sim:default (the built-in simulator), openai:gpt-5-mini, google:gemini-2.5-flash, anthropic:claude-sonnet-4-5, compat:llama3.1"
      />
      <TextField
        id="agent-fallback-model"
        name="fallbackModel"
        label="Fallback model"
        code
        maxLength={200}
        value={values.fallbackModel}
        error={fieldError("fallbackModel")}
        hint="Answers while the model's provider keeps failing (its circuit breaker is open). Empty for none."
      />
      <TextField
        id="agent-router-model"
        name="routerModel"
        label="Router model"
        code
        maxLength={200}
        value={values.routerModel}
        error={fieldError("routerModel")}
        hint="A cheaper model for simple turns: a turn right after one whose tool calls were all successful reads goes to it, every other turn (the first, after a write, a refused or failed call, or an approval) to the model above. Empty for none."
      />
      <TextField
        id="agent-instructions"
        name="instructions"
        label="Instructions"
        rows={14}
        required
        maxLength={20_000}
        value={values.instructions}
        error={fieldError("instructions")}
        hint="The system prompt: the agent's task, steps and rules; up to 20,000 characters."
      />
      <TextField
        id="agent-tags"
        name="tags"
        label="Tags"
        code
        maxLength={1100}
        value={values.tags}
        error={fieldError("tags")}
        hint="Separated by commas or spaces, e.g. support, refunds. Every playbook with one of these tags is added to the agent's system prompt."
      />
      <div className="field">
        <label htmlFor="agent-workflow">Workflow</label>
        <select
          id="agent-workflow"
          name="workflow"
          defaultValue={values.workflow}
          {...describedBy("workflow", field === "workflow")}
        >
          <option value="">None: the model decides each step</option>
          {workflows.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <FieldMessage name="workflow" error={fieldError("workflow")}>
          A workflow is a graph of steps registered in code (docs/workflows.md): its runs follow it in place
          of the model&apos;s turns, and the agent needs every tool it calls.
        </FieldMessage>
      </div>
      <ToolCheckboxes options={tools} selected={values.tools} error={fieldError("tools")} />
      <fieldset className="field" {...describedBy("requiredEvidence", field === "requiredEvidence")}>
        <legend>Evidence of success</legend>
        <FieldMessage name="requiredEvidence" error={fieldError("requiredEvidence")}>
          {`A run succeeds only if it holds a receipt of each tool checked here (support-triage: a ticket update); without one its answer ends unverified, however it is worded. ${
            current.tools.length > 0
              ? "The agent's saved tools are listed."
              : "The agent's tools are listed here once it is saved with them."
          }`}
        </FieldMessage>
        <div className="checkbox-row">
          {tools
            .filter((tool) => current.tools.includes(tool.name))
            .map((tool) => (
              <label key={tool.name} className="checkbox-field">
                <input
                  type="checkbox"
                  name="requiredEvidence"
                  value={tool.name}
                  aria-label={`Require a receipt of ${tool.name}`}
                  defaultChecked={values.requiredEvidence.includes(tool.name)}
                />{" "}
                <span className="mono" aria-hidden>
                  {tool.name}
                </span>
              </label>
            ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Mode</legend>
        <label className="radio">
          <input type="radio" name="mode" value="dry_run" defaultChecked={values.mode === "dry_run"} /> Dry
          run: write and irreversible tools only preview what they would do
        </label>
        <label className="radio">
          <input type="radio" name="mode" value="live" defaultChecked={values.mode === "live"} /> Live: tools
          act for real, within policy and approvals
        </label>
        <FieldMessage name="dryRun" error={fieldError("dryRun")}>
          New agents start in dry run; switching to live is recorded in the audit log.
        </FieldMessage>
      </fieldset>
      <div className="field">
        <label htmlFor="agent-on-reject">When a person rejects a call</label>
        <select
          id="agent-on-reject"
          name="onReject"
          defaultValue={values.onReject}
          {...describedBy("onReject", field === "onReject")}
        >
          <option value="continue">Continue: the model reads the rejection and its comment</option>
          <option value="end">End the run (approval_rejected)</option>
        </select>
        <FieldMessage name="onReject" error={fieldError("onReject")}>
          Risky calls wait for approval under the tenant&apos;s policy; this is what a rejection does.
        </FieldMessage>
      </div>
      <div className="field">
        <label htmlFor="agent-context-strategy">When the history outgrows the model&apos;s window</label>
        <select
          id="agent-context-strategy"
          name="contextStrategy"
          defaultValue={values.contextStrategy}
          {...describedBy("contextStrategy", field === "contextStrategy")}
        >
          <option value="clip_and_drop_middle">
            Clip older large tool results, then leave out the oldest turns
          </option>
          <option value="drop_middle">Send tool results whole; leave out the oldest turns</option>
          <option value="summarize">
            Clip older large tool results, then summarise the oldest turns (router model, a step of its own)
          </option>
        </select>
        <FieldMessage name="contextStrategy" error={fieldError("contextStrategy")}>
          The instructions, the goal and the latest turn are always sent; every step stays stored whole.
        </FieldMessage>
      </div>
      <div className="form-row">
        <NumberField
          name="maxSteps"
          label="Max steps"
          value={values.maxSteps}
          step={1}
          required
          error={fieldError("maxSteps")}
          hint={`Model calls and tool calls together, ${range("maxSteps")}.`}
        />
        <NumberField
          name="maxSeconds"
          label="Max seconds"
          value={values.maxSeconds}
          step={1}
          required
          error={fieldError("maxSeconds")}
          hint={`Wall-clock time per run, ${range("maxSeconds")} (24 h).`}
        />
      </div>
      <div className="form-row">
        <NumberField
          name="maxToolCalls"
          label="Max tool calls"
          value={values.maxToolCalls}
          step={1}
          error={fieldError("maxToolCalls")}
          hint={`Per run, ${range("maxToolCalls")}; empty for no limit.`}
        />
        <NumberField
          name="maxTokens"
          label="Max tokens"
          value={values.maxTokens}
          step={1}
          error={fieldError("maxTokens")}
          hint="Input and output tokens per run; empty for no limit."
        />
        <NumberField
          name="maxCostUsd"
          label="Max cost (USD)"
          value={values.maxCostUsd}
          step="any"
          error={fieldError("maxCostUsd")}
          hint="Per run; needs a priced model. Empty for no limit."
        />
      </div>
      <div className="field">
        <label htmlFor="agent-comment">Comment</label>
        <input
          id="agent-comment"
          name="comment"
          maxLength={500}
          defaultValue={values.comment}
          {...describedBy("comment", field === "comment")}
        />
        <FieldMessage name="comment" error={fieldError("comment")}>
          Why: kept with the version this save makes, in the agent&apos;s history. Optional.
        </FieldMessage>
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}
          {creating ? "Create agent" : "Save"}
        </button>
        <span className="hint">
          {target.kind === "edit"
            ? `Editing version ${target.version}; saving a change makes version ${target.version + 1}.`
            : target.copyOf
              ? `A copy of ${target.copyOf.name} version ${target.copyOf.version}; it starts at version 1, in dry run unless you choose live.`
              : "It starts at version 1."}
        </span>
      </div>
    </form>
  );
}

const range = (name: LimitName) =>
  `${LIMIT_BOUNDS[name].min.toLocaleString("en-US")} to ${LIMIT_BOUNDS[name].max.toLocaleString("en-US")}`;

type NumberFieldProps = {
  name: LimitName;
  label: string;
  value: string | number;
  step: number | "any";
  /** A limit every run must have; the others may be left empty for no limit. */
  required?: boolean;
  error?: string;
  hint: string;
};

function NumberField({ name, label, value, step, required, error, hint }: NumberFieldProps) {
  const id = `agent-${name}`;
  const { min, max } = LIMIT_BOUNDS[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode={step === 1 ? "numeric" : "decimal"}
        min={min}
        max={max}
        step={step}
        required={required}
        defaultValue={value}
        {...describedBy(name, Boolean(error))}
      />
      <FieldMessage name={name} error={error}>
        {hint}
      </FieldMessage>
    </div>
  );
}
