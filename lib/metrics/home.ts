import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { TERMINAL_SQL } from "./run-scope";
import { getUndoRate } from "./undo-rate";

/** One UTC day: `now` is a parameter so tests (and midnight) get the day they expect. */
export type HomeDay = { day: string; start: string; end: string };

export function utcToday(now = new Date()): HomeDay {
  const day = now.toISOString().slice(0, 10);
  const start = new Date(`${day}T00:00:00Z`);
  return { day, start: start.toISOString(), end: new Date(start.getTime() + 86_400_000).toISOString() };
}

const todayScope = (actor: Actor, d: HomeDay): SQL =>
  sql`r.tenant_id = ${actor.tenantId} and r.created_at >= ${d.start}::timestamptz and r.created_at < ${d.end}::timestamptz`;

// Approvals arrive with a later feature: until then no run ends this way and the rate stays 0.
// A run escalated when it asked a person (policy parked a call) or ended handing over to one.
const ESCALATED_SQL = sql`(r.stop_reason in ('escalated', 'approval_rejected', 'approval_expired')
  or exists (select 1 from approvals a where a.run_id = r.id and a.kind = 'approval'))`;

export type HomeCounts = {
  started: number;
  running: number;
  waiting: number;
  succeeded: number;
  /** Failed, stopped or killed. */
  unsuccessful: number;
  finished: number;
  escalated: number;
  spendUsd: number;
  unpricedRuns: number;
  /** Runs with a security flag: the model proposed calls the envelope refused as out of bounds. */
  flagged: number;
};

export type HomeSummary = HomeCounts & {
  day: string;
  /** Succeeded ÷ finished; null before any run of the day has finished. */
  successRate: number | null;
  escalationRate: number | null;
};

export async function getHomeSummary(db: DbOrTx, actor: Actor, now?: Date): Promise<HomeSummary> {
  assertScope(actor, "dashboards:read");
  const d = utcToday(now);
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
      count(*) filter (where r.security_attempts > 0)::int as flagged
    from runs r where ${todayScope(actor, d)}`);
  const c = row as HomeCounts;
  const rate = (n: number) => (c.finished > 0 ? n / c.finished : null);
  return { ...c, day: d.day, successRate: rate(c.succeeded), escalationRate: rate(c.escalated) };
}

/** The tenant's daily budget against today's ledger (what the budget itself enforces); null without one. */
export type HomeBudget = { budgetUsd: number; spentUsd: number; reservedUsd: number; ratio: number };

export async function getHomeBudget(db: DbOrTx, actor: Actor, now?: Date): Promise<HomeBudget | null> {
  assertScope(actor, "dashboards:read");
  const d = utcToday(now);
  const [row] = await db.execute<Omit<HomeBudget, "ratio">>(sql`
    select b.daily_budget_usd::float8 as "budgetUsd", coalesce(s.spent_usd, 0)::float8 as "spentUsd",
      coalesce(s.reserved_usd, 0)::float8 as "reservedUsd"
    from tenant_budgets b
    left join tenant_spend_days s on s.tenant_id = b.tenant_id and s.day = ${d.day}::date
    where b.tenant_id = ${actor.tenantId}`);
  if (!row) return null;
  return { ...row, ratio: row.budgetUsd > 0 ? row.spentUsd / row.budgetUsd : 1 };
}

export type HomeRun = {
  id: string;
  agent: string;
  status: string;
  costUsd: number | null;
  createdAt: string;
  securityAttempts: number;
};

const RUN_COLUMNS = sql`r.id, r.agent_name as agent, r.status::text as status, r.cost_usd::float8 as "costUsd",
  r.security_attempts as "securityAttempts",
  to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"`;

/** Today's most expensive priced runs. */
export async function getHomeTopRuns(db: DbOrTx, actor: Actor, now?: Date, limit = 5): Promise<HomeRun[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<HomeRun>(sql`
    select ${RUN_COLUMNS} from runs r where ${todayScope(actor, utcToday(now))} and r.cost_usd is not null
    order by r.cost_usd desc, r.created_at desc, r.id limit ${limit}`);
  return [...rows];
}

/** Today's most recent problems: failed, killed, stopped or unverified runs, and flagged ones; newest first. */
export async function getHomeFailedRuns(db: DbOrTx, actor: Actor, now?: Date, limit = 5): Promise<HomeRun[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<HomeRun>(sql`
    select ${RUN_COLUMNS} from runs r
    where ${todayScope(actor, utcToday(now))}
      and (r.status in ('failed', 'killed', 'stopped', 'unverified') or r.security_attempts > 0)
    order by r.created_at desc, r.id desc limit ${limit}`);
  return [...rows];
}

/** Runs started in each of the day's 24 UTC hours, zero-filled. */
export async function getHomeRunsPerHour(db: DbOrTx, actor: Actor, now?: Date): Promise<number[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<{ hour: number; runs: number }>(sql`
    select extract(hour from r.created_at at time zone 'UTC')::int as hour, count(*)::int as runs
    from runs r where ${todayScope(actor, utcToday(now))} group by 1`);
  const hours = Array.from({ length: 24 }, () => 0);
  for (const r of rows) hours[r.hour] = r.runs;
  return hours;
}

export async function getHome(db: DbOrTx, actor: Actor, now?: Date) {
  const day = utcToday(now).day;
  const [summary, budget, topRuns, failedRuns, perHour, undo] = await Promise.all([
    getHomeSummary(db, actor, now),
    getHomeBudget(db, actor, now),
    getHomeTopRuns(db, actor, now),
    getHomeFailedRuns(db, actor, now),
    getHomeRunsPerHour(db, actor, now),
    getUndoRate(db, actor, { from: day, to: day }),
  ]);
  return {
    summary: { ...summary, undoRate: undo.rate, undone: undo.undone },
    budget,
    topRuns,
    failedRuns,
    perHour,
  };
}
export type HomeReport = Awaited<ReturnType<typeof getHome>>;
