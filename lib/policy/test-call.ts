import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agents } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { zodToAppError } from "@/lib/http/errors";
import { getTool } from "@/lib/tools/registry";
import { loadTenantTools, tenantCatalog } from "@/lib/tools/tenant-tools";
import { CedarRestartedError, isCedarFault, PolicyUnavailableError, restartCedar } from "./cedar-engine";
import { type CompiledPolicy, compilePolicy } from "./compile";
import { policyRequest } from "./decide-call";
import { evaluatePolicy, type PolicyDecision } from "./evaluate";
import { policyCache } from "./store";

export const testCallInput = z.object({
  agent: z.string().trim().min(1, "Pick an agent.").max(100),
  tool: z.string().trim().min(1, "Pick a tool.").max(100),
  args: z.record(z.string(), z.unknown()),
  /** Decide with this text instead of the active version: try an edit before saving it (policies:write). */
  draft: z.string().max(100_000).optional(),
  /** Facts or provenance to assume instead of what Flightdeck would compute: flat values, as facts are. */
  facts: z
    .record(
      z.string().max(100),
      z.union([z.number(), z.boolean(), z.string().max(2000), z.array(z.string().max(2000)).max(100)], {
        error: "A fact is a number, a boolean, a string or a list of strings.",
      }),
    )
    .refine((facts) => Object.keys(facts).length <= 50, "At most 50 facts.")
    .optional(),
  provenance: z.record(z.string(), z.enum(["operator", "tool", "untrusted", "model", "none"])).optional(),
});

export type TestCallResult = PolicyDecision & {
  context: Record<string, unknown>;
  resource: string;
  /** The text of each statement that determined the outcome. */
  statements: { id: string; text: string }[];
};

/** "Test a call": what policy would decide for this agent, tool and arguments, and why. */
export async function testPolicyCall(
  db: Db,
  actor: Actor,
  input: z.input<typeof testCallInput>,
  appBaseUrl: string,
): Promise<TestCallResult> {
  assertScope(actor, "policies:read");
  const parsed = testCallInput.parse(input);
  // Evaluating arbitrary text is editing's work: only people who may save a policy may try one.
  if (parsed.draft !== undefined) assertScope(actor, "policies:write");
  const [agent] = await db
    .select({ name: agents.name, tools: agents.tools })
    .from(agents)
    .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, parsed.agent)));
  if (!agent)
    throw new AppError("not_found", `There is no agent named "${parsed.agent}".`, { field: "agent" });
  if (!agent.tools.includes(parsed.tool))
    throw new AppError(
      "invalid_input",
      `${agent.name} does not have the tool "${parsed.tool}": the engine refuses such a call before policy is asked.`,
      { field: "tool" },
    );
  await loadTenantTools(db, actor.tenantId);
  const tool = getTool(parsed.tool, actor.tenantId);
  if (!tool)
    throw new AppError("invalid_input", `There is no tool named "${parsed.tool}".`, { field: "tool" });
  const args = tool.input.safeParse(parsed.args);
  if (!args.success) {
    const error = zodToAppError(args.error);
    throw new AppError("invalid_input", `Invalid arguments for ${tool.name}: ${error.message}`, {
      field: "args",
    });
  }
  const loadPolicy = async () => {
    if (parsed.draft !== undefined) return draftPolicy(actor, parsed.draft);
    try {
      return await policyCache(db).active(actor.tenantId);
    } catch (error) {
      if (!(error instanceof PolicyUnavailableError)) throw error;
      throw new AppError("unavailable", `${error.message} Save a simpler version to fix it.`, {
        cause: error,
      });
    }
  };
  let policy = await loadPolicy();
  const { request, recorded } = await policyRequest({
    db,
    tenantId: actor.tenantId,
    agentName: parsed.agent,
    tool,
    args: args.data as Record<string, unknown>,
    evidence: { goal: "", results: [] },
    appBaseUrl,
  });
  const context = request.context as { facts: Record<string, unknown>; provenance: Record<string, unknown> };
  context.facts = { ...context.facts, ...parsed.facts };
  context.provenance = { ...context.provenance, ...parsed.provenance };
  let decision: PolicyDecision;
  try {
    decision = evaluatePolicy(policy, request);
  } catch (error) {
    // Cedar faulted (or was restarted by another request): once more on a fresh instance.
    if (!(error instanceof CedarRestartedError) && !isCedarFault(error)) throw error;
    if (isCedarFault(error)) restartCedar();
    policy = await loadPolicy();
    try {
      decision = evaluatePolicy(policy, request);
    } catch (again) {
      if (isCedarFault(again)) restartCedar();
      throw new AppError("unavailable", "The policy engine could not decide this call. Try again.", {
        cause: again,
      });
    }
  }
  return {
    ...decision,
    context: request.context,
    resource: recorded.resource,
    statements: decision.policyIds.map((id) => ({ id, text: policy.statements.get(id)?.text ?? "" })),
  };
}

function draftPolicy(actor: Actor, text: string): CompiledPolicy {
  const compiled = compilePolicy(`draft:${actor.tenantId}`, -1, text, {
    tools: tenantCatalog(actor.tenantId).tools,
  });
  if ("problems" in compiled) {
    const first = compiled.problems[0];
    throw new AppError("invalid_input", `The draft policy is invalid: ${first?.message ?? "invalid"}`, {
      field: "draft",
      details: { problems: compiled.problems },
    });
  }
  return compiled;
}
