import type { LanguageModelV4, LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV4 } from "ai/test";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  agents,
  demoOutbox,
  demoRefunds,
  demoTickets,
  type Run,
  runSteps,
  runs,
  type ToolStepPayload,
} from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import type { Actor } from "@/lib/auth/actor";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { seedModelPrices } from "@/lib/models/pricing";
import { resolveModel } from "@/lib/models/resolve-model";
import { childRunStarter } from "@/lib/runs/start-child-run";
import { startRun } from "@/lib/runs/start-run";
import type { EngineConfig } from "../engine-config";
import { executeRun } from "../execute-run";
import { claimNextRun } from "../lease";

/**
 * A demo tenant with its shop, agents and prices, and an operator to start runs. Engine tests script
 * their own models, most of which end without the ticket update support-triage requires as evidence:
 * that requirement is cleared unless `keepRequiredEvidence` (its own tests keep it).
 */
export async function demoTenant(
  db: Db,
  options: { keepRequiredEvidence?: boolean } = {},
): Promise<{ operator: Actor; tenantId: string }> {
  const tenant = await createTenant(db);
  await seedModelPrices(db);
  await seedDemoBusiness(db, tenant.id);
  if (!options.keepRequiredEvidence)
    await db.update(agents).set({ requiredEvidence: [] }).where(eq(agents.tenantId, tenant.id));
  return { operator: await createMember(db, tenant, "operator"), tenantId: tenant.id };
}

export function testEngine(db: Db, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    db,
    owner: `test:${Math.random().toString(36).slice(2)}`,
    leaseSeconds: 30,
    modelTimeoutMs: 10_000,
    appBaseUrl: "http://127.0.0.1:65533",
    resolveModel: (name) => resolveModel(name, {}),
    startChildRun: childRunStarter(db),
    ...overrides,
  };
}

export const fixedModel = (model: LanguageModelV4) => () => model;

const usage = { inputTokens: { total: 100, noCache: 100 }, outputTokens: { total: 20, text: 20 } };

/** A model turn that calls one tool: script a run with these and MockLanguageModelV4. */
export const toolCallTurn = (
  toolCallId: string,
  toolName: string,
  args: unknown,
): LanguageModelV4GenerateResult => ({
  content: [{ type: "tool-call", toolCallId, toolName, input: JSON.stringify(args) }],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: usage as never,
  warnings: [],
});

/** A model turn that answers with text and ends the run. */
export const answerTurn = (text: string): LanguageModelV4GenerateResult => ({
  content: [{ type: "text", text }],
  finishReason: { unified: "stop", raw: "stop" },
  usage: usage as never,
  warnings: [],
});

/** Starts a run and drives it to its end in this test, as a worker would. */
export async function runToEnd(
  db: Db,
  engine: EngineConfig,
  actor: Actor,
  input: Parameters<typeof startRun>[2],
): Promise<Run> {
  const queued = await startRun(db, actor, input);
  const claimed = await claimUntil(db, engine, queued.id);
  await executeRun(engine, claimed, new AbortController().signal);
  const [done] = await db.select().from(runs).where(eq(runs.id, queued.id));
  if (!done) throw new Error("run vanished");
  return done;
}

/** A run's tool steps, in order. */
export async function toolStepsOf(db: Db, runId: string): Promise<ToolStepPayload[]> {
  const rows = await db
    .select({ payload: runSteps.payload })
    .from(runSteps)
    .where(and(eq(runSteps.runId, runId), eq(runSteps.kind, "tool")))
    .orderBy(asc(runSteps.seq));
  return rows.map((r) => r.payload as ToolStepPayload);
}

/** Claims a queued run and drives it to its end in this test, as a worker would; the run as it ended. */
export async function driveRun(db: Db, engine: EngineConfig, runId: string): Promise<Run> {
  await executeRun(engine, await claimUntil(db, engine, runId), new AbortController().signal);
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (!run) throw new Error("run vanished");
  return run;
}

/** The demo shop's refunds, outbox and tickets: what a run that changes nothing leaves as it was. */
export async function demoShop(db: Db, tenantId: string) {
  const [refunds, outbox, tickets] = await Promise.all([
    db.select().from(demoRefunds).where(eq(demoRefunds.tenantId, tenantId)),
    db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId)),
    db
      .select({ id: demoTickets.id, status: demoTickets.status })
      .from(demoTickets)
      .where(eq(demoTickets.tenantId, tenantId)),
  ]);
  return { refunds, outbox, tickets };
}

/** Claims the run as a worker would (each test file has its own database, so nothing else competes). */
export async function claimUntil(db: Db, engine: EngineConfig, runId: string): Promise<Run> {
  for (let i = 0; i < 100; i++) {
    const run = await claimNextRun(db, engine.owner, engine.leaseSeconds);
    if (run?.id === runId) return run;
    if (!run) break;
  }
  throw new Error(`run ${runId} could not be claimed`);
}

/** Adds a tool to a demo agent's grants (runs started after it may call it). */
export async function grantTool(db: Db, tenantId: string, agent: string, tool: string): Promise<void> {
  await db
    .update(agents)
    .set({ tools: sql`${agents.tools} || ${JSON.stringify([tool])}::jsonb` })
    .where(and(eq(agents.tenantId, tenantId), eq(agents.name, agent)));
}

/** support-triage, granted ask_person, asks a person on its first turn: the run parks on the question. */
export async function askedQuestionRun(
  db: Db,
  actor: Actor,
  question = "Which order is it about?",
): Promise<Run> {
  await grantTool(db, actor.tenantId, "support-triage", "ask_person");
  const model = new MockLanguageModelV4({ doGenerate: [toolCallTurn("q1", "ask_person", { question })] });
  return runToEnd(db, testEngine(db, { resolveModel: fixedModel(model) }), actor, {
    agent: "support-triage",
    input: "Resolve ticket T-1003",
  });
}
