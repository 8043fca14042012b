import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { last24Hours, windowScope } from "./home-window";
import { REFUSED_SQL } from "./run-scope";

export type HomeRun = {
  id: string;
  agent: string;
  source: string;
  /** The run's goal, through the tenant's redaction rules for people who may not read payloads. */
  goal: string;
  status: string;
  stopReason: string | null;
  costUsd: number | null;
  createdAt: string;
  /** When it ended, or null while it runs. */
  endedAt: string | null;
  securityAttempts: number;
  invalidCalls: number;
};

const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

// The goal is cut in the database: a run's input may be up to 20,000 characters.
const RUN_COLUMNS = sql`r.id, r.agent_name as agent, r.source, left(r.input, 200) as goal,
  r.status::text as status, r.stop_reason::text as "stopReason", r.cost_usd::float8 as "costUsd",
  r.security_attempts as "securityAttempts", r.invalid_calls as "invalidCalls",
  ${iso("r.created_at")} as "createdAt", ${iso("r.ended_at")} as "endedAt"`;

async function redacted(db: DbOrTx, actor: Actor, rows: Iterable<HomeRun>): Promise<HomeRun[]> {
  const redactor = await redactorFor(db, actor);
  return [...rows].map((r) => (redactor ? { ...r, goal: redactor.text(r.goal) ?? "" } : r));
}

/** The window's most expensive priced runs. */
export async function getHomeTopRuns(db: DbOrTx, actor: Actor, now?: Date, limit = 5): Promise<HomeRun[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<HomeRun>(sql`
    select ${RUN_COLUMNS} from runs r where ${windowScope(actor, last24Hours(now))} and r.cost_usd is not null
    order by r.cost_usd desc, r.created_at desc, r.id limit ${limit}`);
  return redacted(db, actor, rows);
}

/**
 * The window's most recent problems, newest first: failed, killed, stopped or unverified runs, and
 * runs with refused calls whatever their end (a "succeeded" among them is green but not clean).
 */
export async function getHomeProblemRuns(
  db: DbOrTx,
  actor: Actor,
  now?: Date,
  limit = 5,
): Promise<HomeRun[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<HomeRun>(sql`
    select ${RUN_COLUMNS} from runs r
    where ${windowScope(actor, last24Hours(now))}
      and (r.status in ('failed', 'killed', 'stopped', 'unverified') or ${REFUSED_SQL})
    order by r.created_at desc, r.id desc limit ${limit}`);
  return redacted(db, actor, rows);
}

/** The window's runs that have not ended (queued, running, waiting for a person, paused), newest first. */
export async function getHomeLiveRuns(db: DbOrTx, actor: Actor, now?: Date, limit = 5): Promise<HomeRun[]> {
  assertScope(actor, "dashboards:read");
  const rows = await db.execute<HomeRun>(sql`
    select ${RUN_COLUMNS} from runs r
    where ${windowScope(actor, last24Hours(now))} and r.ended_at is null
    order by r.created_at desc, r.id desc limit ${limit}`);
  return redacted(db, actor, rows);
}

export type HourCount = { hour: string; runs: number };

/** Runs started in each UTC clock hour the window touches (the first and last partly), zero-filled. */
export async function getHomeRunsPerHour(db: DbOrTx, actor: Actor, now?: Date): Promise<HourCount[]> {
  assertScope(actor, "dashboards:read");
  const w = last24Hours(now);
  const rows = await db.execute<HourCount>(sql`
    select to_char(h.hour at time zone 'UTC', 'HH24:00') as hour, count(r.id)::int as runs
    from generate_series(date_trunc('hour', ${w.since}::timestamptz at time zone 'UTC') at time zone 'UTC',
      ${w.until}::timestamptz, interval '1 hour') as h(hour)
    left join runs r on ${windowScope(actor, w)}
      and r.created_at >= h.hour and r.created_at < h.hour + interval '1 hour'
    group by h.hour order by h.hour`);
  return [...rows];
}
