import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { hashCanonical } from "@/lib/canonical-json";
import { AppError } from "@/lib/errors";
import { errorResponse } from "./errors";

/** How long a key answers with its first response; after that the same key starts a new request. */
export const IDEMPOTENCY_KEY_HOURS = 24;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const STALE_AFTER_MS = 5 * 60_000;

/** After this long, a first request that has not finished is taken to have died with its process. */
const TAKEOVER_AFTER_MS = 10_000;

type Request = { tenantId: string; key: string; method: string; path: string; body: unknown };

/**
 * Finds what a first request under this key committed, for a request whose process died before it
 * could record its response: the response to give, or null when it committed nothing.
 */
export type Recover = () => Promise<Response | null>;

/**
 * Runs a POST at most once per tenant and `Idempotency-Key`. The key is recorded before the
 * request runs, so a retry that arrives while the first is still running is refused (409) rather
 * than run twice; once it finished, a retry with the same request gets the first response again
 * (200, the same body, `Idempotent-Replayed: true`) and a different request under the same key is
 * refused (422). A request that fails with an error changed nothing (every use case runs in one
 * transaction), so its key is released for a corrected retry.
 *
 * A route that writes the key with its effect (a run's request key) passes `recover`: a retry of a
 * request whose process died then gets what it committed, or, once the first attempt is surely
 * dead, runs again in its place (the effect's own unique key still allows only one).
 */
export async function withIdempotencyKey(
  db: Db,
  request: Request,
  handle: () => Promise<Response>,
  recover?: Recover,
): Promise<Response> {
  const fingerprint = requestFingerprint(request);
  const where = and(eq(idempotencyKeys.tenantId, request.tenantId), eq(idempotencyKeys.key, request.key));
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({ tenantId: request.tenantId, key: request.key, fingerprint })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      // An expired key is taken over as new.
      set: {
        fingerprint,
        status: null,
        response: null,
        location: null,
        claimId: sql`gen_random_uuid()`,
        createdAt: sql`now()`,
      },
      setWhere: lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`),
    })
    .returning({ claimId: idempotencyKeys.claimId });
  if (claimed) return handleOnce(db, where, claimed.claimId, handle);

  const [first] = await db.select().from(idempotencyKeys).where(where);
  if (!first) {
    throw new AppError("conflict", "A request with this Idempotency-Key just failed; send it again.");
  }
  if (first.fingerprint !== fingerprint) throw keyReused();
  if (first.status !== null) return replay(first);
  if (!recover) return unfinished(first);
  const committed = await recover();
  if (committed) return replay(await record(db, where, first.claimId, committed));
  if (Date.now() - first.createdAt.getTime() < TAKEOVER_AFTER_MS) return unfinished(first);
  const [takenOver] = await db
    .update(idempotencyKeys)
    .set({ claimId: sql`gen_random_uuid()`, createdAt: sql`now()` })
    .where(and(where, eq(idempotencyKeys.claimId, first.claimId), isNull(idempotencyKeys.status)))
    .returning({ claimId: idempotencyKeys.claimId });
  if (!takenOver) return unfinished(first);
  return handleOnce(db, where, takenOver.claimId, handle);
}

/**
 * The hash that tells a retry from a different request under the same key; refuses a key that is
 * not 1 to 255 visible ASCII characters.
 */
export function requestFingerprint(request: Omit<Request, "tenantId">): string {
  if (!KEY_FORMAT.test(request.key)) {
    throw new AppError(
      "invalid_input",
      "The Idempotency-Key header must be 1 to 255 visible ASCII characters (a UUID is a good choice).",
      { field: "Idempotency-Key" },
    );
  }
  return hashCanonical({ method: request.method, path: request.path, body: request.body ?? null });
}

/** A use case's answer, and whether it is the answer it gave a first request it is retried from. */
export type Answered<T> = { body: T; replayed: boolean };

/** The response to an `Answered`: a replayed answer says so, as `withIdempotencyKey`'s replays do. */
export function answeredResponse(answered: Answered<unknown>): Response {
  const response = Response.json(answered.body);
  if (answered.replayed) response.headers.set("idempotent-replayed", "true");
  return response;
}

/** A different request sent under an Idempotency-Key already used. */
export const keyReused = () =>
  new AppError(
    "unprocessable",
    "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
    { field: "Idempotency-Key" },
  );

type KeyRow = typeof idempotencyKeys.$inferSelect;
type Recorded = Pick<KeyRow, "status" | "response" | "location">;
type Where = ReturnType<typeof and>;

async function handleOnce(
  db: Db,
  where: Where,
  claimId: string,
  handle: () => Promise<Response>,
): Promise<Response> {
  const ours = and(where, eq(idempotencyKeys.claimId, claimId));
  let response: Response;
  try {
    response = await handle();
  } catch (error) {
    await db.delete(idempotencyKeys).where(ours);
    throw error;
  }
  if (response.status >= 400) {
    await db.delete(idempotencyKeys).where(ours);
    return response;
  }
  const row = await record(db, where, claimId, response);
  if (Math.random() < 0.01) void purgeExpiredIdempotencyKeys(db).catch(() => {});
  return new Response(row.response, { status: response.status, headers: response.headers });
}

/** Stores the response for the retries, if this attempt still holds the key. */
async function record(db: Db, where: Where, claimId: string, response: Response): Promise<Recorded> {
  const recorded = {
    status: response.status,
    response: await response.text(),
    location: response.headers.get("location"),
  };
  await db
    .update(idempotencyKeys)
    .set(recorded)
    .where(and(where, eq(idempotencyKeys.claimId, claimId)));
  return recorded;
}

function unfinished(first: KeyRow): Response {
  // A first request that never finished (its process died) may or may not have taken effect.
  const stale = Date.now() - first.createdAt.getTime() > STALE_AFTER_MS;
  const message = stale
    ? "The first request with this Idempotency-Key did not finish, so whether it took effect is unknown. Check, then send a new request with a new key."
    : "A request with this Idempotency-Key is still being handled. Retry it in a moment.";
  const response = errorResponse(new AppError("conflict", message, { field: "Idempotency-Key" }));
  if (!stale) response.headers.set("retry-after", "1");
  return response;
}

function replay(first: Recorded): Response {
  const headers = new Headers({ "content-type": "application/json", "idempotent-replayed": "true" });
  if (first.location) headers.set("location", first.location);
  return new Response(first.response, { status: 200, headers });
}

/** Deletes keys past their time; called now and then so the table stays small. */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS * 2})`))
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
