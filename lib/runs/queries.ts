import { and, asc, eq, gt, gte, inArray, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import {
  RUN_SOURCES,
  RUN_STATUSES,
  type Run,
  type RunStep,
  runSearch,
  runSteps,
  runs,
  type Span,
  STOP_REASONS,
  UNSUCCESSFUL_STATUSES,
} from "@/db/schema";
import { type Actor, assertScope, can } from "@/lib/auth/actor";
import { addDays } from "@/lib/day";
import { AppError } from "@/lib/errors";
import { afterPageCursor, keysetPage } from "@/lib/page-cursor";
import { countTraceSpans, readTraceSpans, readTraceSpansChangedSince } from "@/lib/telemetry/trace-spans";
import { getTenantRow } from "@/lib/tenant-row";
import { RUN_WINDOW_KEYS, windowStart } from "./run-windows";

export const runFilterSchema = z.object({
  /** A status, or `unsuccessful`: failed, stopped, killed or unverified. */
  status: z.enum([...RUN_STATUSES, "unsuccessful"]).optional(),
  stop_reason: z.enum(STOP_REASONS).optional(),
  agent: z.string().trim().max(100).optional(),
  model: z.string().trim().max(200).optional(),
  /** `1`: only runs with a security flag (calls the envelope refused as out of bounds). */
  flagged: z.enum(["1"]).optional(),
  /** `1`: only runs with any refused call, out of bounds or with invalid arguments, whatever their end. */
  refused: z.enum(["1"]).optional(),
  /** A rolling window back from now (`24h`: the last 24 hours), unlike `from`/`to`'s UTC days. */
  last: z.enum(RUN_WINDOW_KEYS).optional(),
  /** `engine`: runs Flightdeck ran; `otlp`: agents that run elsewhere, observed; `gate`: governed by the gate. */
  source: z.enum(RUN_SOURCES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /**
   * Words of the goal or the final answer (`refund O-5005`, `"exact phrase"`, `-word`), for roles
   * that may read them: a viewer sees goals masked, and a match would tell what the mask hides.
   */
  q: z.string().trim().max(200, "Keep the search under 200 characters.").optional(),
  /** The runs of one session (their `external_id`: a ticket, a customer, a conversation). */
  session: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RunFilter = z.input<typeof runFilterSchema>;

export type RunPage = { runs: Run[]; nextCursor: string | null };

/** Newest first, keyset-paginated on (created_at, id); `now` ends a rolling window (`last`). */
export async function listRuns(
  db: DbOrTx,
  actor: Actor,
  filter: RunFilter,
  now = new Date(),
): Promise<RunPage> {
  assertScope(actor, "runs:read");
  const f = runFilterSchema.parse(filter);
  const where: SQL[] = [eq(runs.tenantId, actor.tenantId)];
  if (f.status === "unsuccessful") where.push(inArray(runs.status, [...UNSUCCESSFUL_STATUSES]));
  else if (f.status) where.push(eq(runs.status, f.status));
  if (f.stop_reason) where.push(eq(runs.stopReason, f.stop_reason));
  if (f.agent) where.push(eq(runs.agentName, f.agent));
  if (f.model) where.push(eq(runs.model, f.model));
  if (f.flagged) where.push(gt(runs.securityAttempts, 0));
  if (f.refused) where.push(or(gt(runs.securityAttempts, 0), gt(runs.invalidCalls, 0)) as SQL);
  if (f.last) where.push(gte(runs.createdAt, windowStart(f.last, now)));
  if (f.source) where.push(eq(runs.source, f.source));
  if (f.from) where.push(gte(runs.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) where.push(lt(runs.createdAt, new Date(`${addDays(f.to, 1)}T00:00:00Z`)));
  if (f.q) {
    const matching = await matchesSearch(db, actor, f.q);
    if (matching === null) return { runs: [], nextCursor: null };
    where.push(matching);
  }
  if (f.session) where.push(eq(runs.externalId, f.session));
  if (f.cursor) where.push(afterPageCursor(f.cursor, runs.createdAt, runs.id, "desc"));
  const rows = await db
    .select()
    .from(runs)
    .where(and(...where))
    // `nulls last` as runs_tenant_created_idx and runs_tenant_status_idx are built: a plain `desc`
    // (nulls first) cannot walk them and sorts the whole tenant instead (docs/benchmarks.md).
    .orderBy(sql`${runs.createdAt} desc nulls last`, sql`${runs.id} desc nulls last`)
    .limit(f.limit + 1);
  const { page, nextCursor } = keysetPage(rows, f.limit, (run) => ({ at: run.createdAt, id: run.id }));
  return { runs: page, nextCursor };
}

/** A search that matches fewer runs than this is read from the text index first, by run id. */
const FEW_MATCHES = 1_000;

/**
 * Runs whose goal or answer has the words searched for (web-search syntax, no stemming); null when
 * none does. The planner cannot tell a rare word from a common one well enough: walking the tenant's
 * runs newest first and testing each is fast when matches are many and reads every run when they are
 * few. So the matches are first asked of the text index, up to FEW_MATCHES: fewer, and the list
 * reads exactly those runs; more, and the walk finds a page's worth quickly.
 */
async function matchesSearch(db: DbOrTx, actor: Actor, q: string): Promise<SQL | null> {
  if (!can(actor, "payloads:read"))
    throw new AppError(
      "forbidden",
      `Your role (${actor.role}) sees goals masked, so it cannot search them.`,
      {
        field: "q",
      },
    );
  const query = sql`websearch_to_tsquery('simple', ${q})`;
  const found = await db
    .select({ id: runSearch.runId })
    .from(runSearch)
    .where(and(eq(runSearch.tenantId, actor.tenantId), sql`${runSearch.document} @@ ${query}`))
    .limit(FEW_MATCHES + 1);
  if (found.length === 0) return null;
  if (found.length <= FEW_MATCHES)
    return inArray(
      runs.id,
      found.map((row) => row.id),
    );
  return sql`exists (select 1 from ${runSearch} where ${runSearch.runId} = ${runs.id}
    and ${runSearch.document} @@ ${query})`;
}

export async function getRun(db: DbOrTx, actor: Actor, runId: string): Promise<Run> {
  assertScope(actor, "runs:read");
  return getTenantRow(db, runs, actor.tenantId, runId, "No run with that id in this tenant.");
}

/** The run's steps after `afterSeq`, in order: what a live reader fetches after each notification. */
export async function getRunSteps(
  db: DbOrTx,
  actor: Actor,
  runId: string,
  afterSeq = 0,
  limit?: number,
): Promise<RunStep[]> {
  const run = await getRun(db, actor, runId);
  const query = db
    .select()
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), gt(runSteps.seq, afterSeq)))
    .orderBy(asc(runSteps.seq));
  return limit === undefined ? query : query.limit(limit);
}

/** The run's spans in trace order; `page` reads a slice of that order (a long trace loads in pages). */
export async function getRunSpans(
  db: DbOrTx,
  actor: Actor,
  runId: string,
  page?: { offset: number; limit: number },
): Promise<Span[]> {
  return readTraceSpans(db, await getRun(db, actor, runId), page);
}

/**
 * The spans a live reader may not have in their current form: those still open or ended at or
 * after `since` (all of them when `since` is null).
 */
export async function getRunSpansChangedSince(
  db: DbOrTx,
  actor: Actor,
  runId: string,
  since: Date | null,
): Promise<Span[]> {
  return readTraceSpansChangedSince(db, await getRun(db, actor, runId), since);
}

/** When step `seq` of the run ended (null for step 0 or a step that does not exist). */
export async function stepEndedAt(
  db: DbOrTx,
  actor: Actor,
  runId: string,
  seq: number,
): Promise<Date | null> {
  if (seq < 1) return null;
  const run = await getRun(db, actor, runId);
  const [step] = await db
    .select({ endedAt: runSteps.endedAt })
    .from(runSteps)
    .where(and(eq(runSteps.runId, run.id), eq(runSteps.seq, seq)));
  return step?.endedAt ?? null;
}

/** How many steps and spans the run has, without reading them. */
export async function countRunTrace(
  db: DbOrTx,
  actor: Actor,
  runId: string,
): Promise<{ steps: number; spans: number }> {
  const run = await getRun(db, actor, runId);
  const [steps, spanCount] = await Promise.all([
    db.$count(runSteps, eq(runSteps.runId, run.id)),
    countTraceSpans(db, run.id),
  ]);
  return { steps, spans: spanCount };
}
