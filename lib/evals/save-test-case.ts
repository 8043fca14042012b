import { and, asc, eq, max } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import {
  evalCases,
  evalSuites,
  type Run,
  runSteps,
  TERMINAL_STATUSES,
  type ToolStepPayload,
} from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getRun } from "@/lib/runs/queries";
import { type EvalCase, evalCaseSchema, evalSuiteSchema, type ReceiptMatch } from "./case-schema";

export const saveTestCaseInput = z
  .object({
    suite: evalSuiteSchema.shape.name,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

/** Drafts keep short scalar arguments (ids, amounts, addresses, statuses): free text would never match twice. */
const KEY_ARGUMENT_CHARS = 100;

/**
 * "Save as test case": the run's goal becomes a case of the suite (created if the tenant has none of
 * that name), its observed end, receipts, steps and cost the draft expectations. Audited.
 */
export async function saveRunAsTestCase(
  db: Db,
  actor: Actor,
  runId: string,
  input: z.input<typeof saveTestCaseInput>,
) {
  assertScope(actor, "evals:write");
  const { suite: suiteName, name } = saveTestCaseInput.parse(input);
  const run = await getRun(db, actor, runId);
  if (run.source !== "engine")
    throw new AppError(
      "conflict",
      "Only a run Flightdeck ran can become a test case (not an observed or gate run).",
    );
  if (!TERMINAL_STATUSES.includes(run.status) && run.status !== "waiting_approval")
    throw new AppError("conflict", `The run is ${run.status}: save it as a test case once it has ended.`);
  const draft = evalCaseSchema.parse(await draftCase(db, run, name ?? `run-${run.id.slice(0, 8)}`));
  return db.transaction(async (tx) => {
    await tx
      .insert(evalSuites)
      .values({ tenantId: actor.tenantId, name: suiteName, createdBy: actor.label })
      .onConflictDoNothing();
    const [suite] = await tx
      .select()
      .from(evalSuites)
      .where(and(eq(evalSuites.tenantId, actor.tenantId), eq(evalSuites.name, suiteName)))
      .for("update");
    if (!suite) throw new Error("The suite was not stored.");
    const [last] = await tx
      .select({ position: max(evalCases.position) })
      .from(evalCases)
      .where(eq(evalCases.suiteId, suite.id));
    const [saved] = await tx
      .insert(evalCases)
      .values({
        tenantId: actor.tenantId,
        suiteId: suite.id,
        name: draft.name,
        position: (last?.position ?? -1) + 1,
        definition: draft,
        fromRunId: run.id,
      })
      .onConflictDoNothing()
      .returning();
    if (!saved)
      throw new AppError("conflict", `The suite ${suiteName} already has a case named "${draft.name}".`);
    await recordAudit(tx, actor, {
      action: "eval_case.saved",
      targetType: "eval_case",
      targetId: saved.id,
      details: { suite: suiteName, name: draft.name, run_id: run.id },
    });
    return { suite, testCase: saved, definition: draft };
  });
}

async function draftCase(db: Db, run: Run, name: string): Promise<EvalCase> {
  const steps = await db
    .select({ payload: runSteps.payload })
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.kind, "tool")))
    .orderBy(asc(runSteps.seq));
  const receipts = steps
    .map((s) => s.payload as ToolStepPayload)
    .filter((call) => call.status === "ok" && call.receipt !== null && !call.preview)
    .map((call): ReceiptMatch => ({ tool: call.toolName, args: keyArguments(call.args) }));
  return {
    name,
    // The agent's current version and model are what a suite tests; the run's are noted.
    description: `Saved from run ${run.id} (version ${run.agentVersion} of ${run.agentName}, on ${run.model}).`,
    agent: { name: run.agentName },
    goal: run.input,
    expect: {
      status: run.status,
      ...(run.stopReason && { stop_reason: run.stopReason }),
      ...(receipts.length > 0 && { receipts }),
      max_steps: Math.max(1, run.lastSeq),
      // A little headroom: the same run's cost varies by a few millionths of a dollar.
      ...(run.costUsd !== null && { max_cost_usd: Math.ceil(run.costUsd * 1.25 * 1e6) / 1e6 }),
    },
  };
}

function keyArguments(args: unknown): Record<string, string | number | boolean> {
  if (!args || typeof args !== "object") return {};
  return Object.fromEntries(
    Object.entries(args).filter(
      (entry): entry is [string, string | number | boolean] =>
        typeof entry[1] === "number" ||
        typeof entry[1] === "boolean" ||
        (typeof entry[1] === "string" && entry[1].length <= KEY_ARGUMENT_CHARS && !/\s/.test(entry[1])),
    ),
  );
}
