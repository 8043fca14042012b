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
 * The fields of a route's answer that hold a secret shown once (a new API key, a webhook's signing
 * secret), and what to do when it was lost. They are never stored with the answer: a retry gets
 * the answer without them, and `secret_withheld` saying why.
 */
export type ShownOnce = { fields: readonly string[]; ifLost: string };

/** The field of a retry's answer that says which secrets it leaves out, and why. */
export const SECRET_WITHHELD = "secret_withheld";

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
 * dead, runs again in its place (the effect's own unique key still allows only one). A route whose
 * answer holds a secret passes `shownOnce`: the secret is in the first answer only, never stored.
 */
export async function withIdempotencyKey(
  db: Db,
  request: Request,
  handle: () => Promise<Response>,
  options: { recover?: Recover; shownOnce?: ShownOnce } = {},
): Promise<Response> {
  const { recover, shownOnce } = options;
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
  if (claimed) return handleOnce(db, where, claimed.claimId, handle, shownOnce);

  const [first] = await db.select().from(idempotencyKeys).where(where);
  if (!first) {
    throw new AppError("conflict", "A request with this Idempotency-Key just failed; send it again.");
  }
  if (first.fingerprint !== fingerprint) throw keyReused();
  if (first.status !== null) return replay(first);
  if (!recover) return unfinished(first);
  const committed = await recover();
  if (committed) return replay(await record(db, where, first.claimId, await answerOf(committed), shownOnce));
  if (Date.now() - first.createdAt.getTime() < TAKEOVER_AFTER_MS) return unfinished(first);
  const [takenOver] = await db
    .update(idempotencyKeys)
    .set({ claimId: sql`gen_random_uuid()`, createdAt: sql`now()` })
    .where(and(where, eq(idempotencyKeys.claimId, first.claimId), isNull(idempotencyKeys.status)))
    .returning({ claimId: idempotencyKeys.claimId });
  if (!takenOver) return unfinished(first);
  return handleOnce(db, where, takenOver.claimId, handle, shownOnce);
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
  shownOnce: ShownOnce | undefined,
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
  // The caller gets the whole answer; the retries get what `record` keeps of it.
  const answer = await answerOf(response);
  await record(db, where, claimId, answer, shownOnce);
  if (Math.random() < 0.01) void purgeExpiredIdempotencyKeys(db).catch(() => {});
  return new Response(answer.text, { status: response.status, headers: response.headers });
}

type Answer = { status: number; text: string; location: string | null };

const answerOf = async (response: Response): Promise<Answer> => ({
  status: response.status,
  text: await response.text(),
  location: response.headers.get("location"),
});

/** Stores the answer for the retries, if this attempt still holds the key: never its secrets. */
async function record(
  db: Db,
  where: Where,
  claimId: string,
  answer: Answer,
  shownOnce: ShownOnce | undefined,
): Promise<Recorded> {
  const recorded = {
    status: answer.status,
    response: withoutSecrets(answer.text, shownOnce),
    location: answer.location,
  };
  await db
    .update(idempotencyKeys)
    .set(recorded)
    .where(and(where, eq(idempotencyKeys.claimId, claimId)));
  return recorded;
}

/**
 * A JSON answer as it is stored for retries: the fields `shownOnce` names are left out and
 * `secret_withheld` says so. An answer that is not a JSON object keeps nothing but that note.
 */
export function withoutSecrets(text: string, shownOnce: ShownOnce | undefined): string {
  if (!shownOnce) return text;
  const one = shownOnce.fields.length === 1;
  const names = shownOnce.fields.map((field) => `\`${field}\``).join(" and ");
  const note = `${names} ${one ? "was" : "were"} shown once, in the first answer to this request, and never stored: a retry's answer leaves ${one ? "it" : "them"} out. ${shownOnce.ifLost}`;
  const body = parseJson(text);
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return JSON.stringify({ [SECRET_WITHHELD]: note });
  }
  const kept = Object.entries(body).filter(([name]) => !shownOnce.fields.includes(name));
  return JSON.stringify({ ...Object.fromEntries(kept), [SECRET_WITHHELD]: note });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
