import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { auditLog, killSwitches, type Tenant, tenants } from "@/db/schema";
import { announceApiKeysChanged, forgetApiKeys } from "@/lib/api-keys/key-cache";
import { type AuditEvent, PLATFORM_OPERATOR, recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import type { PlatformOperator } from "@/lib/auth/operator";
import { slugify } from "@/lib/bootstrap/tenants";
import { RUNS_CHANNEL } from "@/lib/engine-events/run-channels";
import { AppError } from "@/lib/errors";
import { KILL_CHANNEL } from "@/lib/kill/killed-error";
import { type MailTransport, mailTransport } from "@/lib/mail/transport";
import { issueInvitation } from "@/lib/members/members";

export type TenantSummary = {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  suspendedAt: Date | null;
  suspendedReason: string | null;
  members: number;
  lastRunAt: Date | null;
};

export const PAGE_SIZE = 50;

export const listTenantsSchema = z.object({
  /** The slug of the last tenant of the previous page. */
  after: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
});

/** Every tenant of the deployment, by slug, a page at a time. */
export async function listTenants(
  db: DbOrTx,
  input: z.input<typeof listTenantsSchema> = {},
): Promise<{ tenants: TenantSummary[]; next: string | null }> {
  const { after, limit } = listTenantsSchema.parse(input);
  const rows = await db
    .select({
      id: tenants.id,
      slug: tenants.slug,
      name: tenants.name,
      createdAt: tenants.createdAt,
      suspendedAt: tenants.suspendedAt,
      suspendedReason: tenants.suspendedReason,
      members: sql<number>`(select count(*)::int from memberships m where m.tenant_id = ${tenants.id})`,
      lastRunAt: sql<Date | null>`(select r.created_at from runs r where r.tenant_id = ${tenants.id}
        order by r.created_at desc limit 1)`.mapWith((v) => (v ? new Date(v) : null)),
    })
    .from(tenants)
    .where(after ? gt(tenants.slug, after) : undefined)
    .orderBy(asc(tenants.slug))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { tenants: page, next: rows.length > limit ? (page.at(-1)?.slug ?? null) : null };
}

const tenantName = z
  .string()
  .trim()
  .min(2, "Name the tenant (at least 2 characters).")
  .max(80, "Keep the name under 80 characters.");

export const createTenantSchema = z.object({
  name: tenantName,
  admin_email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "Enter the first admin's email address." })),
});

/**
 * Opens a tenant and invites its first admin, who sets their own password from a single-use link
 * (mailed, or handed to the operator when the deployment has no mail server).
 */
export async function createTenant(
  db: Db,
  operator: PlatformOperator,
  input: z.input<typeof createTenantSchema>,
  transport: MailTransport = mailTransport(),
) {
  const { name, admin_email } = createTenantSchema.parse(input);
  const slug = slugify(name);
  return db.transaction(async (tx) => {
    const [tenant] = await tx.insert(tenants).values({ slug, name }).onConflictDoNothing().returning();
    if (!tenant)
      throw new AppError(
        "conflict",
        `A tenant with the address "${slug}" exists already: choose another name.`,
        {
          field: "name",
        },
      );
    const event = { action: "tenant.created", details: { name, slug, admin_email } };
    await recordBoth(tx, operator, tenant, event);
    const invitation = await issueInvitation(
      tx,
      operatorIn(operator, tenant),
      { email: admin_email, role: "admin" },
      transport,
    );
    return {
      tenant,
      invitation: {
        email: invitation.email,
        delivery: invitation.delivery,
        expiresAt: invitation.expiresAt,
        // Without a mail server nobody of the new tenant can read its outbox yet: the operator passes it on.
        link: invitation.delivery === "outbox" ? invitation.link : null,
      },
    };
  });
}

export const updateTenantSchema = z
  .object({
    name: tenantName.optional(),
    suspended: z.boolean().optional(),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((u) => u.name !== undefined || u.suspended !== undefined, {
    message: "Send a new name, or suspended: true or false.",
  })
  .refine((u) => u.suspended !== true || (u.reason?.length ?? 0) >= 3, {
    message: "Say why the tenant is suspended (at least 3 characters).",
    path: ["reason"],
  });

/** Renames, suspends or resumes a tenant; each change audited for the deployment and the tenant. */
export async function updateTenant(
  db: Db,
  operator: PlatformOperator,
  tenantId: string,
  input: z.input<typeof updateTenantSchema>,
): Promise<Tenant> {
  const id = z.uuid({ message: "No tenant with this id." }).safeParse(tenantId);
  if (!id.success) throw notFound();
  const update = updateTenantSchema.parse(input);
  const changed = await db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, id.data)).for("update");
    if (!tenant) throw notFound();
    let current = tenant;
    if (update.name !== undefined && update.name !== tenant.name)
      current = await rename(tx, operator, current, update.name);
    if (update.suspended === true) current = await suspend(tx, operator, current, update.reason ?? "");
    if (update.suspended === false) current = await resume(tx, operator, current, update.reason);
    // Its keys are refused or let in again by every process at once.
    if (update.suspended !== undefined) await announceApiKeysChanged(tx, tenant.id);
    return current;
  });
  if (update.suspended !== undefined) forgetApiKeys(db);
  return changed;
}

async function rename(tx: DbOrTx, operator: PlatformOperator, tenant: Tenant, name: string) {
  const [renamed] = await tx.update(tenants).set({ name }).where(eq(tenants.id, tenant.id)).returning();
  if (!renamed) throw notFound();
  await recordBoth(tx, operator, renamed, {
    action: "tenant.renamed",
    details: { from: tenant.name, to: name },
  });
  return renamed;
}

/**
 * Refuses the tenant's people and keys (checked on every request) and holds its runs with a tenant
 * freeze engaged by the platform operator; a freeze its admin had engaged already stays as it is.
 */
async function suspend(tx: DbOrTx, operator: PlatformOperator, tenant: Tenant, reason: string) {
  if (tenant.suspendedAt) throw new AppError("conflict", `${tenant.name} is suspended already.`);
  const [suspended] = await tx
    .update(tenants)
    .set({ suspendedAt: new Date(), suspendedReason: reason })
    .where(eq(tenants.id, tenant.id))
    .returning();
  if (!suspended) throw notFound();
  const [engaged] = await tx
    .insert(killSwitches)
    .values({
      scope: "tenant",
      tenantId: tenant.id,
      reason: `Tenant suspended: ${reason}`,
      engagedBy: PLATFORM_OPERATOR,
    })
    .onConflictDoNothing()
    .returning({ id: killSwitches.id });
  const held = await tx.execute<{ id: string }>(sql`
    update runs set status = 'paused', lease_owner = null, lease_expires_at = null,
      fencing_token = fencing_token + 1
    where tenant_id = ${tenant.id} and source <> 'otlp' and (status = 'queued'
      or (status = 'running' and (lease_expires_at is null or lease_expires_at < now())))
    returning id`);
  // Workers drop the runs they hold at their next step (the freeze is announced like any switch).
  if (engaged) await tx.execute(sql`select pg_notify(${KILL_CHANNEL}, ${engaged.id})`);
  await recordBoth(tx, operator, suspended, {
    action: "tenant.suspended",
    details: { reason, heldQueued: held.length },
  });
  return suspended;
}

/** Lets the tenant's people and keys in again and lifts the freeze the suspension engaged. */
async function resume(tx: DbOrTx, operator: PlatformOperator, tenant: Tenant, reason: string | undefined) {
  if (!tenant.suspendedAt) throw new AppError("conflict", `${tenant.name} is not suspended.`);
  const [resumed] = await tx
    .update(tenants)
    .set({ suspendedAt: null, suspendedReason: null })
    .where(eq(tenants.id, tenant.id))
    .returning();
  if (!resumed) throw notFound();
  const [released] = await tx
    .update(killSwitches)
    .set({ releasedAt: new Date(), releasedBy: PLATFORM_OPERATOR, releaseReason: reason || "Tenant resumed" })
    .where(
      and(
        eq(killSwitches.scope, "tenant"),
        eq(killSwitches.tenantId, tenant.id),
        eq(killSwitches.engagedBy, PLATFORM_OPERATOR),
        isNull(killSwitches.releasedAt),
      ),
    )
    .returning({ id: killSwitches.id });
  let requeued = 0;
  if (released) {
    const rows = await tx.execute<{ id: string }>(sql`
      update runs set status = 'queued' where tenant_id = ${tenant.id} and status = 'paused' returning id`);
    requeued = rows.length;
    await tx.execute(sql`select pg_notify(${KILL_CHANNEL}, ${released.id})`);
    if (requeued > 0) await tx.execute(sql`select pg_notify(${RUNS_CHANNEL}, 'resumed')`);
  }
  await recordBoth(tx, operator, resumed, {
    action: "tenant.resumed",
    details: { reason: reason ?? null, requeued },
  });
  return resumed;
}

/** The operator acting inside one tenant, as its log shows them: no person's name crosses tenants. */
const operatorIn = (operator: PlatformOperator, tenant: Tenant): Actor => ({
  kind: "system",
  id: operator.id ?? "platform",
  label: PLATFORM_OPERATOR,
  tenantId: tenant.id,
  tenantName: tenant.name,
  role: "admin",
});

/**
 * The deployment's log (no tenant: it names the operator) and the tenant's own log (it names only
 * "Platform operator") record the same change.
 */
async function recordBoth(
  tx: DbOrTx,
  operator: PlatformOperator,
  tenant: Tenant,
  event: Omit<AuditEvent, "targetType" | "targetId">,
) {
  const full = { ...event, targetType: "tenant", targetId: tenant.id };
  await recordAudit(tx, operatorIn(operator, tenant), full);
  await tx.insert(auditLog).values({
    tenantId: null,
    actorType: operator.id ? "user" : "system",
    actorId: operator.id,
    actorLabel: operator.label,
    action: event.action,
    targetType: "tenant",
    targetId: tenant.id,
    details: { tenant: tenant.name, ...event.details },
  });
}

/** The deployment's own log: what operators did to tenants, newest first. */
export async function platformAuditLog(db: DbOrTx, limit = 50) {
  return db
    .select()
    .from(auditLog)
    .where(isNull(auditLog.tenantId))
    .orderBy(sql`${auditLog.id} desc`)
    .limit(limit);
}

const notFound = () => new AppError("not_found", "No tenant with this id.");
