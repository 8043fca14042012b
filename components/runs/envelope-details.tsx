import { diffJson } from "diff";
import { policyStatementAnchor } from "@/components/policy/statement-anchors";
import type { ApprovalRecord, PolicyRecord } from "@/db/schema/run-steps";
import { formatDuration } from "./format";
import { JsonBlock } from "./json-block";

const EFFECT_LABEL = { allow: "allowed", deny: "denied", approval: "needs approval" } as const;

/** The policy decision on a tool call: outcome, the statements that made it, and its inputs. */
export function PolicyDecisionBlock({ policy }: { policy: PolicyRecord }) {
  return (
    <section className="envelope-block" aria-label="Policy decision">
      <p>
        <span className={`badge policy-effect-${policy.effect}`}>policy: {EFFECT_LABEL[policy.effect]}</span>{" "}
        {policy.policyIds.length > 0 ? (
          policy.policyIds.map((id) => (
            <a
              key={id}
              href={`/policies#${policyStatementAnchor(id)}`}
              className="policy-id"
              title="This statement in the active policy"
            >
              <code>{id}</code>
            </a>
          ))
        ) : (
          <span className="muted">no statement permits this call</span>
        )}{" "}
        <span className="muted">
          · version {policy.version} · {policy.ms < 1 ? "<1 ms" : `${policy.ms.toFixed(1)} ms`}
        </span>
      </p>
      <p className="muted">{policy.message}</p>
      <p className="provenance-list">
        <span className="muted">Resource</span> <code>{policy.resource}</code>
        {Object.entries(policy.provenance).map(([arg, source]) => (
          <span key={arg} className={`provenance provenance-${source}`} title={`${arg} came from: ${source}`}>
            {arg}: {source}
          </span>
        ))}
      </p>
      {Object.keys(policy.facts).length > 0 && (
        <JsonBlock label="Facts policy saw" value={policy.facts} open={false} />
      )}
    </section>
  );
}

/** A person's decision on a parked call; an edit shows what changed. */
export function ApprovalBlock({
  approval,
  executedArgs,
}: {
  approval: ApprovalRecord;
  executedArgs: unknown;
}) {
  return (
    <section className="envelope-block" aria-label="Approval">
      <p>
        <span className={`badge approval-${approval.status}`}>{approval.status}</span> by{" "}
        <strong>{approval.decidedBy}</strong>{" "}
        <span className="muted">after waiting {formatDuration(approval.waitedMs)}</span>
        {approval.originalArgs && <span className="badge approval-edited">arguments edited</span>}
      </p>
      {approval.comment && <blockquote className="approval-comment">{approval.comment}</blockquote>}
      {approval.originalArgs && <ArgsDiff before={approval.originalArgs} after={executedArgs} />}
    </section>
  );
}

export function ArgsDiff({ before, after }: { before: unknown; after: unknown }) {
  // Keys from each part's position in the text: stable for the same pair of values.
  let offset = 0;
  const parts = diffJson(before as object, after as object).map((part) => {
    const sign = part.added ? "+" : part.removed ? "-" : " ";
    const key = `${offset}${sign}`;
    offset += part.value.length;
    const text = part.value
      .replace(/\n$/, "")
      .split("\n")
      .map((line) => `${sign} ${line}`)
      .join("\n");
    return { key, text, className: part.added ? "diff-add" : part.removed ? "diff-del" : undefined };
  });
  return (
    <pre className="args-diff" data-testid="args-diff">
      {parts.map((part) => (
        <span key={part.key} className={part.className}>
          {part.text}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}
