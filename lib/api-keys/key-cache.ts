import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";

export const API_KEYS_CHANNEL = "flightdeck_api_keys";
// A notification lost while the listening connection was down is caught by reading again this late.
const MAX_AGE_MS = 5_000;
// Only keys that authenticated are kept, so this bounds the tenants' own keys, not guesses.
const MAX_KEYS = 10_000;

type Cached<R> = { row: R; loadedAt: number };

/**
 * The rows of API keys that authenticated, kept per process for a few seconds so a request costs no
 * lookup. Revoking a key, suspending its tenant, or changing or removing its creator's membership
 * notifies every process (LISTEN), which drops its copies at once; while this process cannot
 * listen, nothing is kept.
 */
class ApiKeyCache<R> {
  private rows = new Map<string, Cached<R>>();
  /** Counts the drops, so a read that began before one is not kept after it. */
  private generation = 0;
  private listening: Promise<boolean> | undefined;

  constructor(private readonly db: Db) {}

  async find(keyHash: string, load: () => Promise<R | undefined>): Promise<R | undefined> {
    const live = await this.listen();
    const hit = this.rows.get(keyHash);
    if (live && hit && Date.now() - hit.loadedAt < MAX_AGE_MS) return hit.row;
    const generation = this.generation;
    const row = await load();
    if (row === undefined || !live || generation !== this.generation) this.rows.delete(keyHash);
    else {
      if (this.rows.size >= MAX_KEYS) this.rows.clear();
      this.rows.set(keyHash, { row, loadedAt: Date.now() });
    }
    return row;
  }

  forget(): void {
    this.generation++;
    this.rows.clear();
  }

  private listen(): Promise<boolean> {
    // Dropped on every notification and on every (re)connection of the listener: what changed
    // while it was away is read again.
    this.listening ??= this.db.$client
      .listen(
        API_KEYS_CHANNEL,
        () => this.forget(),
        () => this.forget(),
      )
      .then(
        () => true,
        () => {
          this.listening = undefined;
          return false;
        },
      );
    return this.listening;
  }
}

const byDb = new WeakMap<Db, ApiKeyCache<unknown>>();

export function apiKeyCache<R>(db: Db): ApiKeyCache<R> {
  let cache = byDb.get(db);
  if (!cache) {
    cache = new ApiKeyCache<unknown>(db);
    byDb.set(db, cache);
  }
  return cache as ApiKeyCache<R>;
}

/**
 * Tells every process that keys changed (a revocation, a tenant suspended or resumed, a member's
 * role changed or the member removed), when the transaction commits; this process forgets at once
 * through `forgetApiKeys`.
 */
export async function announceApiKeysChanged(tx: DbOrTx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${API_KEYS_CHANNEL}, ${tenantId})`);
}

export function forgetApiKeys(db: Db): void {
  byDb.get(db)?.forget();
}
