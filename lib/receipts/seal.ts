import type postgres from "postgres";
import { chainHash, GENESIS_HASH } from "./canonical";

/**
 * Chains a tenant's unsealed receipts (every tenant's when none is given) after its last sealed one:
 * prev_hash is the previous link's chain_hash (64 zeros for the first), chain_hash is
 * sha256(prev_hash + content_hash). One transaction per tenant, under an advisory lock, so two
 * sealers never fork a chain. Returns how many receipts were sealed.
 */
export async function sealReceipts(sql: postgres.Sql, tenantId?: string): Promise<number> {
  const tenants = tenantId
    ? [tenantId]
    : (
        await sql<{ tenant_id: string }[]>`select distinct tenant_id from receipts where sealed_at is null`
      ).map((r) => r.tenant_id);
  let sealed = 0;
  for (const tenant of tenants) sealed += await sealTenant(sql, tenant);
  return sealed;
}

async function sealTenant(sql: postgres.Sql, tenantId: string): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`receipts:${tenantId}`}))`;
    // Ordered by the column, not its text (an output name would win in ORDER BY: "9" > "10").
    const [last] = await tx<{ chain_hash: string; position: string }[]>`
      select chain_hash, chain_seq::text as position from receipts
      where tenant_id = ${tenantId}::uuid and sealed_at is not null
      order by receipts.chain_seq desc limit 1`;
    const pending = await tx<{ id: string; content_hash: string }[]>`
      select id::text, content_hash from receipts
      where tenant_id = ${tenantId}::uuid and sealed_at is null
      order by id`;
    if (pending.length === 0) return 0;
    let prev = last?.chain_hash ?? GENESIS_HASH;
    let position = Number(last?.position ?? 0);
    const ids: string[] = [];
    const prevs: string[] = [];
    const chains: string[] = [];
    const positions: string[] = [];
    for (const row of pending) {
      const next = chainHash(prev, row.content_hash);
      ids.push(row.id);
      prevs.push(prev);
      chains.push(next);
      positions.push(String(++position));
      prev = next;
    }
    await tx`
      update receipts set prev_hash = u.prev_hash, chain_hash = u.chain_hash,
        chain_seq = u.chain_seq, sealed_at = now()
      from unnest(${ids}::bigint[], ${prevs}::text[], ${chains}::text[], ${positions}::bigint[])
        as u(id, prev_hash, chain_hash, chain_seq)
      where receipts.id = u.id`;
    return pending.length;
  });
}

const timers = new Map<string, NodeJS.Timeout>();

/**
 * Seals the tenant's chain shortly after a commit, off the step's path: commits within the delay
 * share one sealing transaction. A receipt is chained within a fraction of a second of its commit;
 * a crash before then leaves it unsealed, and the next seal (any commit, or verify-receipts) picks it up.
 */
export function scheduleSeal(sql: postgres.Sql, tenantId: string, delayMs = 200): void {
  if (timers.has(tenantId)) return;
  const timer = setTimeout(() => {
    timers.delete(tenantId);
    sealReceipts(sql, tenantId).catch((error) => {
      // A pool closing at shutdown: the next start or verify-receipts seals what is left.
      if (!/CONNECTION_(ENDED|DESTROYED)/.test(String(error?.code))) {
        console.error(`Sealing receipts of ${tenantId} failed`, error);
      }
    });
  }, delayMs);
  timer.unref();
  timers.set(tenantId, timer);
}
