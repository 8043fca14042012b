import type { Db, DbOrTx } from "@/db/client";
import type { Provenance } from "@/db/schema";
import type { FactValue } from "@/lib/tools/policy-target";
import { type Evidence, provenanceOf } from "@/lib/tools/provenance";
import type { AnyTool } from "@/lib/tools/types";
import type { CompiledPolicy } from "./compile";
import { evaluatePolicy, type PolicyDecision, type PolicyRequest } from "./evaluate";
import { argumentNames, cedarArgs } from "./schema";

export type CallToDecide = {
  db: Db;
  /** Where the facts are read, when not `db`: the transaction of a write that re-decides under its locks. */
  factsDb?: DbOrTx;
  tenantId: string;
  agentName: string;
  tool: AnyTool;
  args: Record<string, unknown>;
  evidence: Evidence;
  appBaseUrl: string;
  now?: Date;
  /**
   * Arguments the caller itself marks as untrusted (an agent that runs elsewhere knows where its
   * values came from): they count as untrusted whatever the run's record says. Never the other way.
   */
  untrustedArgs?: string[];
  /** Facts as a recorded decision read them: a recorded replay decides from these, reading nothing. */
  facts?: Record<string, FactValue>;
};

/** The decision and what it was made from: stored with the step so the trace can prove it. */
export type RecordedDecision = PolicyDecision & {
  resource: string;
  facts: Record<string, FactValue>;
  provenance: Record<string, Provenance>;
  ms: number;
};

/** Builds the Cedar request for a validated tool call (resource, facts, provenance) and decides it. */
export async function decideCall(policy: CompiledPolicy, call: CallToDecide): Promise<RecordedDecision> {
  const started = performance.now();
  const request = await policyRequest(call);
  const decision = evaluatePolicy(policy, request.request);
  return { ...decision, ...request.recorded, ms: performance.now() - started };
}

export async function policyRequest(call: CallToDecide) {
  const now = call.now ?? new Date();
  const target = call.tool.policy;
  const provenance = provenanceOf(call.args, call.evidence);
  for (const name of call.untrustedArgs ?? []) if (name in call.args) provenance[name] = "untrusted";
  const facts =
    call.facts ??
    (target.compute
      ? await target.compute(call.args, {
          db: call.factsDb ?? call.db,
          tenantId: call.tenantId,
          appBaseUrl: call.appBaseUrl,
          evidence: call.evidence,
          now,
        })
      : {});
  const resourceId = target.resourceId(call.args);
  const request: PolicyRequest = {
    agent: call.agentName,
    tool: call.tool.name,
    resource: { type: target.resourceType, id: resourceId },
    context: {
      args: cedarArgs(call.tool, call.args),
      provenance: { ...Object.fromEntries(argumentNames(call.tool).map((n) => [n, "none"])), ...provenance },
      facts,
      risk: call.tool.risk(call.args),
      hour_utc: now.getUTCHours(),
    },
  };
  return {
    request,
    recorded: { resource: `${target.resourceType}::${JSON.stringify(resourceId)}`, facts, provenance },
  };
}
