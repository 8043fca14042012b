"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { CedarCode } from "@/components/policy/cedar-code";
import { ArgsDiff } from "@/components/runs/envelope-details";
import { formatCost, formatRelative, truncate } from "@/components/runs/format";
import { StatusBadge } from "@/components/runs/status-badge";
import { Time } from "@/components/time/time-zone";
import type { Provenance } from "@/db/schema/approvals";
import type { ApprovalDetail as Detail } from "@/lib/approvals/queries";
import type { StepView } from "@/lib/runs/live-view";
import { decidedLine, formatCountdown } from "./format";

const PROVENANCE_HINT: Record<Provenance, string> = {
  operator: "from the goal a person gave the run",
  tool: "from data a tool returned",
  untrusted: "from untrusted text the agent read (a customer message, a web page): check it",
  model: "chosen by the model",
  none: "seen nowhere before",
};

/** Everything an approver reads before deciding: arguments and where they came from, the reason, the policy, the run. */
export function ApprovalDetail({
  detail,
  now,
  decision,
}: {
  detail: Detail;
  now: number | null;
  /** The approve / reject / edit controls, or the decision record. */
  decision: ReactNode;
}) {
  const { approval, statements } = detail;
  const pending = approval.status === "pending";
  return (
    <article className="approval-detail" aria-label={`Request ${approval.toolName}`}>
      <header className="approval-detail-head">
        <h2>
          <span className="mono">{approval.toolName}</span>{" "}
          <span className={`badge risk-${approval.risk}`}>{approval.risk}</span>
        </h2>
        <AskedLine approval={approval} now={now} />
      </header>

      <section aria-label="Arguments">
        <h3>Arguments</h3>
        <table className="approval-args">
          <tbody>
            {Object.entries(approval.args).map(([name, value]) => {
              const source = approval.provenance[name] ?? "none";
              return (
                <tr key={name} className={source === "untrusted" ? "approval-arg-untrusted" : undefined}>
                  <th scope="row" className="mono">
                    {name}
                  </th>
                  <td className="mono">{JSON.stringify(value)}</td>
                  <td>
                    <span className={`provenance provenance-${source}`} title={PROVENANCE_HINT[source]}>
                      {source === "untrusted" ? "⚠ untrusted" : source}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {pending && Object.values(approval.provenance).includes("untrusted") && (
          <p className="approval-untrusted-note">
            ⚠ Highlighted values came from untrusted text the agent read: check them before approving.
          </p>
        )}
        {approval.redacted && (
          <p className="muted">Values are redacted for your role: numbers stay visible.</p>
        )}
      </section>

      <AgentReason reason={approval.reason} />

      <section aria-label="Why it needs you">
        <h3>Why it needs you</h3>
        {statements.length === 0 ? (
          <p className="muted">
            Policy version {approval.policyVersion}:{" "}
            {approval.policyIds.join(", ") || "no statement recorded"}.
          </p>
        ) : (
          statements.map((statement) => (
            <div key={statement.id} className="approval-statement">
              <p>
                <strong>{statement.approval ?? "Policy asks a person"}</strong>{" "}
                <span className="muted">
                  · <code>{statement.id}</code> · policy version {approval.policyVersion}
                </span>
              </p>
              <CedarCode text={statement.text} label={`Policy statement ${statement.id}`} />
            </div>
          ))
        )}
      </section>

      {decision}

      <RunSoFar detail={detail} />
    </article>
  );
}

/** The model's own words beside the call: why it asks. */
export function AgentReason({ reason }: { reason: string }) {
  return (
    <section aria-label="The agent's reason">
      <h3>The agent&apos;s reason</h3>
      <blockquote className="approval-reason">
        {reason || <span className="muted">The model gave none.</span>}
      </blockquote>
    </section>
  );
}

/** Who asked and when; until when it waits, or how it was settled. */
export function AskedLine({ approval, now }: { approval: Detail["approval"]; now: number | null }) {
  return (
    <p className="muted">
      {approval.agentName} · asked{" "}
      {now === null ? <Time at={approval.createdAt} /> : formatRelative(approval.createdAt, now)}
      {approval.status === "pending" ? (
        <>
          {" "}
          · expires in{" "}
          <strong data-testid="detail-countdown">
            {now === null ? "…" : formatCountdown(approval.expiresAt, now)}
          </strong>
        </>
      ) : (
        <> · {decidedLine(approval)}</>
      )}
    </p>
  );
}

/** The run the request belongs to: its status, goal, cost and steps, each a link into its trace. */
export function RunSoFar({ detail }: { detail: Pick<Detail, "run" | "steps"> }) {
  const { run, steps } = detail;
  return (
    <section aria-label="The run so far" className="approval-run">
      <h3>
        The run so far{" "}
        <Link href={`/runs/${run.id}`} className="approval-run-link">
          Open run {run.id.slice(0, 8)} →
        </Link>
      </h3>
      <p className="approval-run-facts">
        <StatusBadge status={run.status} /> <span className="muted">goal</span> {truncate(run.input, 140)}{" "}
        <span className="muted">
          · {steps.length} step{steps.length === 1 ? "" : "s"} · {formatCost(run.costUsd)}
        </span>
      </p>
      <ol className="approval-steps">
        {steps.map((step) => (
          <li key={step.seq}>
            <Link href={`/runs/${run.id}#step-${step.seq}`}>
              <span className="step-seq">{step.seq}</span> <CompactStep step={step} />
            </Link>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CompactStep({ step }: { step: StepView }) {
  if (step.kind === "model") {
    const calls = step.payload.toolCalls.map((call) => call.toolName);
    return (
      <span>
        <span className="muted">model</span>{" "}
        {calls.length > 0 ? `→ ${calls.join(", ")}` : truncate(step.payload.text || "answered", 80)}
      </span>
    );
  }
  return (
    <span>
      <span className="mono">{step.payload.toolName}</span>{" "}
      <span className={`badge tool-status-${step.payload.status}`}>{step.payload.status}</span>
    </span>
  );
}

/** History: who decided, when, their comment, and what they changed. */
export function DecisionRecord({ detail, now }: { detail: Detail; now: number | null }) {
  const { approval } = detail;
  return (
    <section className="approval-decision approval-record" aria-label="Decision">
      <h3>Decision</h3>
      <p>
        <span className={`badge approval-${approval.status}`} data-testid="decision-status">
          {approval.status}
        </span>{" "}
        {approval.decidedBy && <strong>{approval.decidedBy}</strong>}{" "}
        {approval.decidedAt && (
          <span className="muted">
            <Time at={approval.decidedAt} />
            {now !== null && ` (${formatRelative(approval.decidedAt, now)})`}
          </span>
        )}
      </p>
      {approval.comment && <blockquote className="approval-comment">{approval.comment}</blockquote>}
      {approval.editedArgs && (
        <>
          <p className="muted">Arguments edited before approval (model’s → executed):</p>
          <ArgsDiff before={approval.args} after={approval.editedArgs} />
        </>
      )}
    </section>
  );
}
