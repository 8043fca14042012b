import { RateLimiterDrizzle, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { env } from "@/lib/env";
import { SharedRequestCount } from "./shared-request-count";

/**
 * Guessing is slowed where it can be tried: sign-in per account and per client address, API
 * requests per key. Counters live in PostgreSQL (rate-limiter-flexible's Drizzle store, one atomic
 * upsert a count), so the limits hold across every server and worker process. API requests are
 * counted in the process, which decides without waiting for the database, and added to the
 * shared count once a second (see consumeApiRequest).
 */
export const SIGN_IN_LIMITS = {
  /** Wrong passwords for one account before it is locked for the window. */
  perAccount: { points: 5, durationSeconds: 15 * 60 },
  /** Failed sign-ins from one client address, whatever the accounts. */
  perAddress: { points: 30, durationSeconds: 15 * 60 },
} as const;

type Limiters = {
  account: RateLimiterDrizzle;
  address: RateLimiterDrizzle;
  apiKeyHere: RateLimiterMemory;
  apiKeyShared: SharedRequestCount;
};
const byDb = new WeakMap<Db, Limiters>();

function limiters(db: Db): Limiters {
  let found = byDb.get(db);
  if (!found) {
    const apiKeyHere = new RateLimiterMemory({ points: env().FLIGHTDECK_API_RATE_LIMIT, duration: 60 });
    const store = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimits,
        keyPrefix,
        points,
        duration,
        // Expired rows are deleted by the next count of the same key; no timer per process.
        clearExpiredByTimeout: false,
      });
    found = {
      account: store(
        "signin-account",
        SIGN_IN_LIMITS.perAccount.points,
        SIGN_IN_LIMITS.perAccount.durationSeconds,
      ),
      address: store(
        "signin-address",
        SIGN_IN_LIMITS.perAddress.points,
        SIGN_IN_LIMITS.perAddress.durationSeconds,
      ),
      apiKeyHere,
      apiKeyShared: new SharedRequestCount(db, {
        prefix: "api-key",
        points: env().FLIGHTDECK_API_RATE_LIMIT,
        durationSeconds: 60,
        onOver: (keyId, seconds) => void apiKeyHere.block(keyId, seconds),
      }),
    };
    byDb.set(db, found);
  }
  return found;
}

export class TooManyAttemptsError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts: try again in ${retryAfterSeconds} seconds.`);
    this.name = "TooManyAttemptsError";
  }
}

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Before checking a password: refused while the account or the address is locked. */
export async function assertSignInAllowed(db: Db, email: string, address: string | null): Promise<void> {
  const { account, address: perAddress } = limiters(db);
  const checks = [
    { limiter: account, key: email, points: SIGN_IN_LIMITS.perAccount.points },
    ...(address ? [{ limiter: perAddress, key: address, points: SIGN_IN_LIMITS.perAddress.points }] : []),
  ];
  for (const { limiter, key, points } of checks) {
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= points) throw new TooManyAttemptsError(seconds(res));
  }
}

/** A wrong password counts against the account and the address. */
export async function recordFailedSignIn(db: Db, email: string, address: string | null): Promise<void> {
  const { account, address: perAddress } = limiters(db);
  await Promise.all([account.penalty(email, 1), ...(address ? [perAddress.penalty(address, 1)] : [])]);
}

/** The right password: the account's count starts again (the address keeps its own). */
export async function recordSignIn(db: Db, email: string): Promise<void> {
  await limiters(db).account.delete(email);
}

/** One API request of a key; refused past the per-minute limit (FLIGHTDECK_API_RATE_LIMIT). */
export async function consumeApiRequest(db: Db, keyId: string): Promise<void> {
  // The process's own count decides at once, so no request waits for a write to be counted; the
  // count every process shares (in PostgreSQL, added to once a second) refuses a key over it here
  // from then until its window ends.
  const { apiKeyHere, apiKeyShared } = limiters(db);
  try {
    await apiKeyHere.consume(keyId, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(seconds(error));
    throw error;
  }
  apiKeyShared.add(keyId);
}

/** Adds the requests counted here to the shared count now (tests; a process about to stop). */
export async function flushApiRequestCounts(db: Db): Promise<void> {
  await byDb.get(db)?.apiKeyShared.flush();
}
