"use client";

import { useState, useTransition } from "react";
import { testPolicyCallAction } from "@/app/(app)/policies/actions";
import { JsonBlock } from "@/components/runs/json-block";
import type { ActionError } from "@/lib/http/server-action";
import type { TestCallResult } from "@/lib/policy/test-call";
import { CedarCode } from "./cedar-code";
import { DecisionBadge } from "./decision-badge";
import { ProblemList } from "./problem-list";
import type { PolicyProblem, TestAgent } from "./types";

type Props = { agents: TestAgent[]; draft: string | null };
type Outcome = { result: TestCallResult; draft: boolean };

/** Parses an optional JSON object field; a message naming the field when it is not one. */
function parseObject(label: string, text: string, required: boolean): Record<string, unknown> | undefined {
  if (!required && text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${label} is not valid JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new Error(`${label} must be a JSON object, like {"name": "value"}.`);
  return value as Record<string, unknown>;
}

export function TestCallForm({ agents, draft }: Props) {
  const [agentName, setAgentName] = useState(agents[0]?.name ?? "");
  const agent = agents.find((a) => a.name === agentName);
  const [toolName, setToolName] = useState(agent?.tools[0]?.name ?? "");
  const [args, setArgs] = useState(agent?.tools[0]?.example ?? "{}");
  const [facts, setFacts] = useState("");
  const [provenance, setProvenance] = useState("");
  const [useDraft, setUseDraft] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const testingDraft = useDraft && draft !== null;

  function pickTool(name: string, from = agent) {
    setToolName(name);
    setArgs(from?.tools.find((t) => t.name === name)?.example ?? "{}");
  }

  function submit() {
    let input: Parameters<typeof testPolicyCallAction>[0];
    try {
      input = {
        agent: agentName,
        tool: toolName,
        args: parseObject("Arguments", args, true) ?? {},
        // Checked on the server (flat values only); the form passes what was typed.
        facts: parseObject("Facts", facts, false) as Record<string, never> | undefined,
        provenance: parseObject("Provenance", provenance, false) as Record<string, never> | undefined,
        draft: testingDraft ? draft : undefined,
      };
    } catch (parseError) {
      setOutcome(null);
      setError({ code: "invalid_input", message: (parseError as Error).message });
      return;
    }
    startTransition(async () => {
      const response = await testPolicyCallAction(input);
      if (response.ok) {
        setError(null);
        setOutcome({ result: response.data, draft: testingDraft });
      } else {
        setOutcome(null);
        setError(response.error);
      }
    });
  }

  if (agents.length === 0)
    return (
      <section className="card policy-area-test" aria-labelledby="test-call-title">
        <h2 id="test-call-title">Test a call</h2>
        <p className="muted">There are no agents in this tenant to test a call for.</p>
      </section>
    );

  const problems = (error?.details?.problems ?? []) as PolicyProblem[];
  return (
    <section className="card policy-area-test" aria-labelledby="test-call-title">
      <h2 id="test-call-title">Test a call</h2>
      <p className="hint">
        What the policy would decide if this agent called this tool now: facts are looked up in the shop as
        for a real call. Nothing is executed.
      </p>
      <form
        className="test-call-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className="form-row">
          <div className="field">
            <label htmlFor="test-agent">Agent</label>
            <select
              id="test-agent"
              value={agentName}
              onChange={(event) => {
                const next = agents.find((a) => a.name === event.target.value);
                setAgentName(event.target.value);
                pickTool(next?.tools[0]?.name ?? "", next);
              }}
            >
              {agents.map((a) => (
                <option key={a.name}>{a.name}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="test-tool">Tool</label>
            <select id="test-tool" value={toolName} onChange={(event) => pickTool(event.target.value)}>
              {agent?.tools.map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="test-args">Arguments (JSON)</label>
          <textarea
            id="test-args"
            className="policy-json"
            rows={Math.min(12, Math.max(4, args.split("\n").length))}
            value={args}
            spellCheck={false}
            onChange={(event) => setArgs(event.target.value)}
            aria-describedby="test-args-hint"
          />
          <p id="test-args-hint" className="hint">
            Prefilled with an example for the tool; they must pass the tool&apos;s input schema.
          </p>
        </div>
        <div className="form-row policy-overrides">
          <JsonOverride
            id="test-facts"
            label="Assume facts (optional)"
            value={facts}
            onChange={setFacts}
            example='{"order_refund_count": 0}'
          />
          <JsonOverride
            id="test-provenance"
            label="Assume provenance (optional)"
            value={provenance}
            onChange={setProvenance}
            example='{"order_id": "untrusted"}'
          />
        </div>
        {draft !== null && (
          <label className="checkbox-label">
            <input
              type="checkbox"
              checked={useDraft}
              onChange={(event) => setUseDraft(event.target.checked)}
            />
            Test my draft edit instead of the active version
          </label>
        )}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={pending || !toolName}>
            {pending && <span className="spinner" aria-hidden />}Test
          </button>
        </div>
      </form>
      {error && (
        <div className="alert alert-error" role="alert">
          <p>{error.message}</p>
          {problems.length > 0 && <ProblemList problems={problems} />}
        </div>
      )}
      {outcome && <TestCallOutcome outcome={outcome} />}
    </section>
  );
}

function TestCallOutcome({ outcome: { result, draft } }: { outcome: Outcome }) {
  return (
    <div className="test-call-result" role="status" aria-label="Decision">
      <p className="test-call-decision">
        <DecisionBadge effect={result.effect} />
        <span>{result.message}</span>
      </p>
      <p className="hint">
        Decided by {draft ? "your draft" : `version ${result.version}`} for resource{" "}
        <span className="mono">{result.resource}</span>
        {result.expiresMinutes !== null &&
          ` · the approval request would expire after ${result.expiresMinutes} min`}
        .
      </p>
      {result.statements.length > 0 ? (
        <>
          <h3 className="policy-subtitle">
            Determining {result.statements.length === 1 ? "policy" : "policies"}
          </h3>
          {result.statements.map((s) => (
            <CedarCode key={s.id} text={s.text} label={`Policy ${s.id}`} />
          ))}
        </>
      ) : (
        <p className="hint">No statement matched: without a matching permit, a call is denied.</p>
      )}
      <JsonBlock label="Context evaluated" value={result.context} open={false} />
    </div>
  );
}

type JsonOverrideProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  example: string;
};

function JsonOverride({ id, label, value, onChange, example }: JsonOverrideProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="policy-json"
        rows={3}
        value={value}
        spellCheck={false}
        placeholder={example}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        A JSON object; its fields replace what Flightdeck computed.
      </p>
    </div>
  );
}
