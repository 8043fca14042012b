import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import {
  type AgentDefinition,
  policies,
  type Run,
  type RunReplay,
  runs,
  spans,
  TERMINAL_STATUSES,
} from "@/db/schema";
import { getVersion } from "@/lib/agents/versions";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { runLimitsSchema } from "@/lib/budgets/run-limits";
import { AppError, isAppError } from "@/lib/errors";
import { agentSnapshotOf } from "@/lib/runtime/agent-snapshots";
import { turnSpan } from "@/lib/telemetry/spans";
import { startRun } from "./start-run";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((t) => t || undefined);

export const replayRunSchema = z.object({
  mode: z.enum(["recorded", "dry_run"], {
    error:
      'Choose the mode: "recorded" (recorded tool results, nothing runs) or "dry_run" (reads run, writes previewed).',
  }),
  /** Fork: the new run starts from the parent's first N committed steps. */
  fromStep: z.number().int().min(0, "from_step counts steps: 0 or more.").optional(),
  agentVersion: z.number().int().min(1).optional(),
  model: optionalText(200),
  instructions: optionalText(20_000),
  policyVersion: z.number().int().min(0).optional(),
  /** Limits for the replay, as when starting a run (an operator may only tighten them). */
  limits: runLimitsSchema.optional(),
});

export type ReplayInput = z.input<typeof replayRunSchema>;

/**
 * Replays a run of the tenant with something changed (docs/replay.md): a new run, always a dry run,
 * linked to its parent; forked at `fromStep`, it starts from the parent's first steps, copied and
 * marked inherited, and the engine goes on from there.
 */
export async function replayRun(
  db: Db,
  actor: Actor,
  runId: string,
  input: ReplayInput,
  options: { requestKey?: string } = {},
) {
  assertScope(actor, "runs:start");
  const parsed = replayRunSchema.parse(input);
  const parent = await replayableRun(db, actor, runId);
  const fromStep = parsed.fromStep ?? 0;
  if (fromStep > parent.lastSeq)
    throw new AppError(
      "invalid_input",
      `Run ${parent.id.slice(0, 8)} has ${parent.lastSeq} steps: from_step can be 0 to ${parent.lastSeq}.`,
      { field: "fromStep" },
    );
  const definition = await versionDefinition(db, actor, parent, parsed.agentVersion);
  if (parsed.policyVersion !== undefined) await checkPolicyVersion(db, actor, parsed.policyVersion);
  const changes = Object.fromEntries(
    Object.entries({
      model: parsed.model,
      agentVersion: parsed.agentVersion,
      instructions: parsed.instructions,
      policyVersion: parsed.policyVersion,
      limits: parsed.limits,
    }).filter(([, v]) => v !== undefined),
  );
  const replay: RunReplay = { mode: parsed.mode, fromStep, changes };
  const run = await startRun(
    db,
    actor,
    {
      agent: parent.agentName,
      input: parent.input,
      model: parsed.model ?? definition?.model ?? parent.model,
      dryRun: true,
      limits: parsed.limits,
    },
    {
      requestKey: options.requestKey,
      replay: {
        of: parent.id,
        replay,
        version: parsed.agentVersion,
        definition: { ...definition, ...(parsed.instructions ? { instructions: parsed.instructions } : {}) },
        playbooks: (await agentSnapshotOf(db, parent.tenantId, parent.agentSnapshotHash)).playbooks ?? [],
      },
      onCreated: async (tx, run) => {
        await inheritSteps(tx, parent.id, run, fromStep);
        await recordAudit(tx, actor, {
          action: "run.replayed",
          targetType: "run",
          targetId: run.id,
          details: { replay_of: parent.id, mode: parsed.mode, from_step: fromStep, changes },
        });
      },
    },
  );
  return { ...run, lastSeq: fromStep };
}

async function replayableRun(db: Db, actor: Actor, runId: string): Promise<Run> {
  const [run] = z.uuid().safeParse(runId).success
    ? await db
        .select()
        .from(runs)
        .where(and(eq(runs.id, runId), eq(runs.tenantId, actor.tenantId)))
    : [];
  if (!run) throw new AppError("not_found", "There is no such run.");
  if (run.source !== "engine")
    throw new AppError(
      "conflict",
      "This run's agent runs elsewhere: Flightdeck has neither its model nor its tools to replay it.",
    );
  if (!TERMINAL_STATUSES.includes(run.status))
    throw new AppError("conflict", `Only an ended run can be replayed; this one is ${run.status}.`);
  return run;
}

async function versionDefinition(
  db: Db,
  actor: Actor,
  parent: Run,
  version: number | undefined,
): Promise<Partial<AgentDefinition> | undefined> {
  if (version === undefined) return undefined;
  try {
    return (await getVersion(db, actor, parent.agentId, version)).definition;
  } catch (error) {
    // A version that does not exist is a wrong value in the request, not a missing resource.
    if (isAppError(error) && error.code === "not_found")
      throw new AppError("invalid_input", error.message, { field: "agentVersion", cause: error });
    throw error;
  }
}

async function checkPolicyVersion(db: Db, actor: Actor, version: number): Promise<void> {
  if (version === 0) return;
  const [found] = await db
    .select({ version: policies.version })
    .from(policies)
    .where(and(eq(policies.tenantId, actor.tenantId), eq(policies.version, version)));
  if (!found)
    throw new AppError(
      "invalid_input",
      `There is no policy version ${version} (0 is the built-in default).`,
      {
        field: "policyVersion",
      },
    );
}

/**
 * Copies the parent's first steps, marked inherited, so the engine resumes after them. The span of
 * the last inherited turn is opened in the new trace: calls of that turn still to make hang under it.
 */
async function inheritSteps(tx: Tx, parentId: string, run: Run, fromStep: number): Promise<void> {
  if (fromStep === 0) return;
  const copied = await tx.execute<{ turn: number }>(sql`
    insert into run_steps (run_id, seq, turn, kind, payload, cost_usd, started_at, ended_at)
    select ${run.id}, seq, turn, kind,
      payload || jsonb_build_object('inheritedFrom', jsonb_build_object('runId', run_id, 'seq', seq)),
      cost_usd, started_at, ended_at
    from run_steps where run_id = ${parentId} and seq <= ${fromStep}
    returning turn`);
  await tx.update(runs).set({ lastSeq: fromStep }).where(eq(runs.id, run.id));
  const lastTurn = Math.max(...copied.map((row) => row.turn));
  await tx.insert(spans).values(turnSpan(run, lastTurn, run.createdAt, run.createdAt));
}
