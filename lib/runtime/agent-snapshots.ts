import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import {
  type AgentSnapshot,
  agentSnapshots,
  agentVersions,
  type ContextStrategy,
  DEFAULT_CONTEXT_STRATEGY,
  type Run,
} from "@/db/schema";

/**
 * Stores the settings a run starts with, once per tenant and content, and returns the hash the run
 * references them by. PostgreSQL hashes the jsonb text (keys in its canonical order), so equal
 * settings always land on the same row, whoever writes them.
 */
export async function storeAgentSnapshot(
  db: DbOrTx,
  tenantId: string,
  snapshot: AgentSnapshot,
): Promise<string> {
  const [row] = await db.execute<{ hash: string }>(sql`
    with ${snapshotCtes(tenantId, snapshot)}
    select hash from given`);
  if (!row) throw new Error("The run's settings could not be stored.");
  return row.hash;
}

/**
 * The common table expressions that store a snapshot: `given` (its hash and content) and `stored`,
 * for a statement that goes on to use `given.hash` (storeAgentSnapshot, a run's start).
 */
export const snapshotCtes = (tenantId: string, snapshot: AgentSnapshot): SQL => sql`
    given as (
      select encode(sha256(convert_to(s::text, 'UTF8')), 'hex') as hash, s as snapshot
      from (select ${JSON.stringify(snapshot)}::jsonb as s) as input
    ), stored as (
      insert into agent_snapshots (tenant_id, hash, snapshot)
      select ${tenantId}::uuid, hash, snapshot from given
      on conflict do nothing
    )`;

// A hash names one content for good, so a snapshot read once serves every later run that uses it.
const MAX_CACHED = 1000;
const cache = new Map<string, AgentSnapshot>();

/** The settings a run started with (read-only: shared by every run of the same settings). */
export async function agentSnapshotOf(db: DbOrTx, tenantId: string, hash: string): Promise<AgentSnapshot> {
  const key = `${tenantId}:${hash}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const [row] = await db
    .select({ snapshot: agentSnapshots.snapshot })
    .from(agentSnapshots)
    .where(and(eq(agentSnapshots.tenantId, tenantId), eq(agentSnapshots.hash, hash)));
  if (!row) throw new Error(`The settings ${hash} of this run are missing.`);
  const snapshot = Object.freeze({ ...row.snapshot, tools: Object.freeze([...row.snapshot.tools]) });
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, snapshot as AgentSnapshot);
  return snapshot as AgentSnapshot;
}

const strategies = new Map<string, ContextStrategy>();

/**
 * How the run fits its history into the model's window: its snapshot's strategy, else the one of
 * the agent version the run pinned (versions never change: read once per process), else the default.
 */
export async function contextStrategyOf(
  db: DbOrTx,
  run: Pick<Run, "tenantId" | "agentId" | "agentVersion">,
  snapshot: AgentSnapshot,
): Promise<ContextStrategy> {
  if (snapshot.contextStrategy) return snapshot.contextStrategy;
  const key = `${run.agentId}:${run.agentVersion}`;
  const known = strategies.get(key);
  if (known) return known;
  const [row] = await db
    .select({ definition: agentVersions.definition })
    .from(agentVersions)
    .where(
      and(
        eq(agentVersions.tenantId, run.tenantId),
        eq(agentVersions.agentId, run.agentId),
        eq(agentVersions.version, run.agentVersion),
      ),
    );
  const strategy = row?.definition.contextStrategy ?? DEFAULT_CONTEXT_STRATEGY;
  if (strategies.size >= MAX_CACHED) strategies.delete(strategies.keys().next().value as string);
  strategies.set(key, strategy);
  return strategy;
}
