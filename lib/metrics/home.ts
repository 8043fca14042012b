import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { utcToday } from "@/lib/day";
import { getHomeLiveRuns, getHomeProblemRuns, getHomeRunsPerHour, getHomeTopRuns } from "./home-runs";
import { type HomeWindow, last24Hours, windowScope } from "./home-window";
import { REFUSED_SQL, TERMINAL_SQL } from "./run-scope";
import { WRITES_WITH_UNDOS } from "./undo-rate";

// A run escalated when it asked a person (policy parked a call) or ended handing over to one.
const ESCALATED_SQL = sql`(r.stop_reason in ('escalated', 'approval_rejected', 'approval_expired')
  or exists (select 1 from approvals a where a.run_id = r.id and a.kind = 'approval'))`;

export type HomeCounts = {
  started: number;
  running: number;
  waiting: number;
  succeeded: number;
  /** Failed, stopped, killed or unverified. */
  unsuccessful: number;
  finished: number;
  escalated: number;
  spendUsd: number;
  unpricedRuns: number;
  /** Runs with a security flag: the model proposed calls the envelope refused as out of bounds. */
  flagged: number;
  /** Runs with any refused call: out of bounds or invalid arguments. */
  refused: number;
  /** Of those, the ones that ended "succeeded": green, but not clean. */
  succeededRefused: number;
};

export type HomeSummary = HomeCounts & {
  window: HomeWindow;
  /** Succeeded ÷ finished; null before any run of the window has finished. */
  successRate: number | null;
  escalationRate: number | null;
};

export async function getHomeSummary(db: DbOrTx, actor: Actor, now?: Date): Promise<HomeSummary> {
  assertScope(actor, "dashboards:read");
  const w = last24Hours(now);
  const [row] = await db.execute<HomeCounts>(sql`
    select count(*)::int as started,
      count(*) filter (where r.status = 'running')::int as running,
      count(*) filter (where r.status = 'waiting_approval')::int as waiting,
      count(*) filter (where r.status = 'succeeded')::int as succeeded,
      count(*) filter (where r.status in ('failed', 'stopped', 'killed', 'unverified'))::int as unsuccessful,
      count(*) filter (where ${TERMINAL_SQL})::int as finished,
      count(*) filter (where ${TERMINAL_SQL} and ${ESCALATED_SQL})::int as escalated,
      coalesce(sum(r.cost_usd), 0)::float8 as "spendUsd",
      count(*) filter (where r.cost_usd is null)::int as "unpricedRuns",
      count(*) filter (where r.security_attempts > 0)::int as flagged,
      count(*) filter (where ${REFUSED_SQL})::int as refused,
      count(*) filter (where r.status = 'succeeded' and ${REFUSED_SQL})::int as "succeededRefused"
    from runs r where ${windowScope(actor, w)}`);
  const c = row as HomeCounts;
  const rate = (n: number) => (c.finished > 0 ? n / c.finished : null);
  return { ...c, window: w, successRate: rate(c.succeeded), escalationRate: rate(c.escalated) };
}

/** The tenant's daily budget against today's (UTC) ledger, what the budget itself enforces; null without one. */
export type HomeBudget = { budgetUsd: number; spentUsd: number; reservedUsd: number; ratio: number };

export async function getHomeBudget(db: DbOrTx, actor: Actor, now?: Date): Promise<HomeBudget | null> {
  assertScope(actor, "dashboards:read");
  const [row] = await db.execute<Omit<HomeBudget, "ratio">>(sql`
    select b.daily_budget_usd::float8 as "budgetUsd", coalesce(s.spent_usd, 0)::float8 as "spentUsd",
      coalesce(s.reserved_usd, 0)::float8 as "reservedUsd"
    from tenant_budgets b
    -- The budget is per UTC day by design, so its ledger is read by day.
    left join tenant_spend_days s on s.tenant_id = b.tenant_id and s.day = ${utcToday(now)}::date
    where b.tenant_id = ${actor.tenantId}`);
  if (!row) return null;
  return { ...row, ratio: row.budgetUsd > 0 ? row.spentUsd / row.budgetUsd : 1 };
}

/** Executed write actions of the window's runs and how many were undone. */
async function getHomeUndo(db: DbOrTx, actor: Actor, w: HomeWindow) {
  const [row] = await db.execute<{ executed: number; undone: number }>(sql`
    select count(*)::int as executed, count(u.id)::int as undone
    ${WRITES_WITH_UNDOS} and ${windowScope(actor, w)}`);
  const { executed = 0, undone = 0 } = row ?? {};
  return { undone, rate: executed > 0 ? undone / executed : null };
}

export async function getHome(db: DbOrTx, actor: Actor, now = new Date()) {
  assertScope(actor, "dashboards:read");
  const [summary, budget, topRuns, problems, live, perHour, undo] = await Promise.all([
    getHomeSummary(db, actor, now),
    getHomeBudget(db, actor, now),
    getHomeTopRuns(db, actor, now),
    getHomeProblemRuns(db, actor, now),
    getHomeLiveRuns(db, actor, now),
    getHomeRunsPerHour(db, actor, now),
    getHomeUndo(db, actor, last24Hours(now)),
  ]);
  return {
    summary: { ...summary, undoRate: undo.rate, undone: undo.undone },
    budget,
    topRuns,
    problems,
    live,
    perHour,
  };
}
export type HomeReport = Awaited<ReturnType<typeof getHome>>;
