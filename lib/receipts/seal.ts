import type postgres from "postgres";
import { chainHash, GENESIS_HASH } from "./canonical";

/**
 * Chains a tenant's unsealed receipts (every tenant's when none is given) after its last link: each
 * gets a `receipt_links` row whose chain_hash is sha256(the previous link's chain_hash, 64 zeros for
 * the first, + content_hash); the receipt row itself is never updated. One transaction per tenant,
 * under an advisory lock, so two sealers never fork a chain.
 * Returns how many receipts were sealed.
 */
export async function sealReceipts(sql: postgres.Sql, tenantId?: string): Promise<number> {
  const tenants = tenantId
    ? [tenantId]
    : (await sql<{ tenant_id: string }[]>`select distinct tenant_id from unsealed_receipts`).map(
        (r) => r.tenant_id,
      );
  let sealed = 0;
  for (const tenant of tenants) sealed += await sealTenant(sql, tenant);
  return sealed;
}

async function sealTenant(sql: postgres.Sql, tenantId: string): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`receipts:${tenantId}`}))`;
    // The work list in id order, each row with the chain's last link (ordered by the column, not
    // its text: an output name would win in ORDER BY, and "9" > "10").
    const pending = await tx<
      { id: string; content_hash: string; last_hash: string | null; last_position: string | null }[]
    >`
      select u.receipt_id::text as id, r.content_hash, last.chain_hash as last_hash, last.chain_seq::text as last_position
      from unsealed_receipts u join receipts r on r.id = u.receipt_id
      left join lateral (
        select chain_hash, chain_seq from receipt_links where tenant_id = ${tenantId}::uuid
        order by receipt_links.chain_seq desc limit 1) last on true
      where u.tenant_id = ${tenantId}::uuid
      order by u.receipt_id`;
    const first = pending[0];
    if (!first) return 0;
    let prev = first.last_hash ?? GENESIS_HASH;
    let position = Number(first.last_position ?? 0);
    const ids: string[] = [];
    const chains: string[] = [];
    const positions: string[] = [];
    for (const row of pending) {
      const next = chainHash(prev, row.content_hash);
      ids.push(row.id);
      chains.push(next);
      positions.push(String(++position));
      prev = next;
    }
    await tx`
      with linked as (
        insert into receipt_links (receipt_id, tenant_id, chain_seq, chain_hash)
        select u.id, ${tenantId}::uuid, u.chain_seq, u.chain_hash
        from unnest(${ids}::bigint[], ${chains}::text[], ${positions}::bigint[])
          as u(id, chain_hash, chain_seq)
        returning receipt_id)
      delete from unsealed_receipts
      where tenant_id = ${tenantId}::uuid and receipt_id in (select receipt_id from linked)`;
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
