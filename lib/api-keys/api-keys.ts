import { and, desc, eq, isNotNull, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { apiKeys, memberships, tenants } from "@/db/schema";
import { API_KEY_PURPOSES, type ApiKeyPurpose } from "@/db/schema/api-keys";
import { ROLES, type Role } from "@/db/schema/memberships";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { newApiKey } from "@/lib/auth/secrets";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/sha256";
import { tenantSuspended } from "@/lib/tenants/suspended";
import { announceApiKeysChanged, apiKeyCache, forgetApiKeys } from "./key-cache";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  /** The role it was created with. */
  role: Role;
  /**
   * The role it acts with now: its own, capped by its creator's current role in the tenant; null
   * when its creator is no longer a member, so the key is refused (see `authenticateApiKey`).
   */
  actsAs: Role | null;
  purpose: ApiKeyPurpose;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export async function listApiKeys(db: DbOrTx, actor: Actor): Promise<ApiKeySummary[]> {
  assertScope(actor, "api_keys:manage");
  const rows = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      role: apiKeys.role,
      createdBy: apiKeys.createdBy,
      creatorRole: memberships.role,
      purpose: apiKeys.purpose,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(memberships, creatorMembership)
    .where(eq(apiKeys.tenantId, actor.tenantId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(({ createdBy, creatorRole, ...key }) => ({
    ...key,
    actsAs: keyRole(key.role, createdBy, creatorRole),
  }));
}

/** The membership, in the key's tenant, of the person who created the key (none for a key without one). */
const creatorMembership = and(
  eq(memberships.tenantId, apiKeys.tenantId),
  eq(memberships.userId, apiKeys.createdBy),
);

/**
 * What a key may do: at most what its creator may do now, so a demotion or a removal reaches their
 * keys too. A key with no creator (made by the deployment's configuration, FLIGHTDECK_INIT_API_KEY)
 * has its own role; a key whose creator left the tenant has none (null: refused). ROLES lists the
 * roles in the order their scopes grow (lib/auth/scopes.test.ts), so the lower one is the lesser.
 */
function keyRole(own: Role, createdBy: string | null, creatorRole: Role | null): Role | null {
  if (createdBy === null) return own;
  if (creatorRole === null) return null;
  return ROLES.indexOf(creatorRole) < ROLES.indexOf(own) ? creatorRole : own;
}

/**
 * Whom a new key answers to: the person creating it, or, for a key made with an API key, the person
 * behind that key (so a key cannot launder its creator away by minting another).
 */
async function creatorOf(tx: DbOrTx, actor: Actor): Promise<string | null> {
  if (actor.kind === "user") return actor.id;
  if (actor.kind !== "api_key") return null;
  const [parent] = await tx
    .select({ createdBy: apiKeys.createdBy })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, actor.id), eq(apiKeys.tenantId, actor.tenantId)));
  return parent?.createdBy ?? null;
}

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(80, "Keep the name under 80 characters."),
  role: z.enum(ROLES, { message: "Choose viewer, operator or admin." }).default("viewer"),
  /** `ingest`: only sends traces to /api/otlp/v1/traces (its role grants nothing). */
  purpose: z.enum(API_KEY_PURPOSES, { message: 'Choose "api" or "ingest".' }).default("api"),
});

/** Creates a key and returns the plain key: the only time it is ever available. */
export async function createApiKey(db: Db, actor: Actor, input: z.input<typeof createApiKeySchema>) {
  assertScope(actor, "api_keys:manage");
  const { name, role, purpose } = createApiKeySchema.parse(input);
  return db.transaction(async (tx) => {
    const key = newApiKey();
    const id = await insertApiKey(tx, {
      tenantId: actor.tenantId,
      name,
      role: purpose === "ingest" ? "viewer" : role,
      purpose,
      key,
      createdBy: await creatorOf(tx, actor),
    });
    await recordAudit(tx, actor, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: id,
      details: purpose === "ingest" ? { name, purpose } : { name, role },
    });
    return { id, key };
  });
}

export async function insertApiKey(
  db: DbOrTx,
  values: {
    tenantId: string;
    name: string;
    role: Role;
    purpose?: ApiKeyPurpose;
    key: string;
    createdBy: string | null;
  },
): Promise<string> {
  const [row] = await db
    .insert(apiKeys)
    .values({
      tenantId: values.tenantId,
      name: values.name,
      role: values.role,
      purpose: values.purpose ?? "api",
      prefix: values.key.slice(0, 10),
      keyHash: sha256Hex(values.key),
      createdBy: values.createdBy,
    })
    .returning({ id: apiKeys.id });
  if (!row) throw new AppError("internal", "The API key could not be stored.");
  return row.id;
}

export async function revokeApiKey(db: Db, actor: Actor, input: { id: string }) {
  assertScope(actor, "api_keys:manage");
  const { id } = z.object({ id: z.uuid() }).parse(input);
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, actor.tenantId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name });
    if (!revoked) throw new AppError("not_found", "No active API key with that id in this tenant.");
    await recordAudit(tx, actor, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      details: { name: revoked.name },
    });
    await announceApiKeysChanged(tx, actor.tenantId);
  });
  forgetApiKeys(db);
}

type ActiveKey = Awaited<ReturnType<typeof activeKey>>;

/**
 * The key's row with its creator's membership, in one look-up (api_keys_hash_key, then the
 * memberships primary key): a key whose creator is no longer a member of its tenant is not found.
 */
async function activeKey(db: Db, keyHash: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      role: apiKeys.role,
      createdBy: apiKeys.createdBy,
      creatorRole: memberships.role,
      purpose: apiKeys.purpose,
      tenantId: tenants.id,
      tenantName: tenants.name,
      suspendedAt: tenants.suspendedAt,
    })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .leftJoin(memberships, creatorMembership)
    .where(
      and(
        eq(apiKeys.keyHash, keyHash),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.createdBy), isNotNull(memberships.userId)),
      ),
    );
  return row;
}

// "Last used" is shown to the minute: a key busy with many requests a second writes it once a
// minute from each process, not on every request (a write and a commit each).
const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = createTtlCache<true>({ ttlMs: LAST_USED_EVERY_MS });

async function noteKeyUsed(db: DbOrTx, keyId: string): Promise<void> {
  await lastUsedWritten.get(keyId, async () => {
    await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, keyId));
    return true;
  });
}

/**
 * Resolves a bearer key to an actor; null when the key is unknown, revoked or its creator is no
 * longer a member of its tenant. The actor's role is the lower of the key's and its creator's
 * current role. A key used for what it is not meant for (an ingest key on the API, an API key
 * sending traces) is refused.
 */
export async function authenticateApiKey(
  db: Db,
  key: string,
  purpose: ApiKeyPurpose = "api",
): Promise<Actor | null> {
  if (!key) return null;
  const keyHash = sha256Hex(key);
  const row = await apiKeyCache<ActiveKey>(db).find(keyHash, () => activeKey(db, keyHash));
  const role = row && keyRole(row.role, row.createdBy, row.creatorRole);
  if (!row || !role) return null;
  if (row.suspendedAt) throw tenantSuspended();
  if (row.purpose !== purpose)
    throw new AppError(
      "forbidden",
      row.purpose === "ingest"
        ? "This is an ingest key: it only sends traces to /api/otlp/v1/traces."
        : "Traces are sent with an ingest key (Settings → API keys, purpose: ingest).",
    );
  await noteKeyUsed(db, row.id);
  return {
    kind: "api_key",
    id: row.id,
    label: `API key ${row.name}`,
    tenantId: row.tenantId,
    tenantName: row.tenantName,
    role,
  };
}
