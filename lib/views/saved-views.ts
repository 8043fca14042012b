import { and, asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type SavedView, savedViews } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { hasUnstorableText } from "@/lib/http/unstorable-text";
import { canonicalRunsQuery } from "@/lib/runs/run-list-query";

export const MAX_VIEWS_PER_PERSON = 30;

export const saveViewSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the view.")
    .max(80, "Keep the name under 80 characters.")
    .refine((name) => !hasUnstorableText(name), "The name holds a character that cannot be stored."),
  query: z.string().max(2_000, "This view's filters are too long to keep."),
  shared: z.boolean().default(false),
});

/** The views a person sees on the runs list: their own, then those shared with the tenant. */
export async function listSavedViews(db: Db, actor: Actor): Promise<SavedView[]> {
  assertScope(actor, "runs:read");
  return db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.tenantId, actor.tenantId),
        or(eq(savedViews.ownerId, actor.id), eq(savedViews.shared, true)),
      ),
    )
    .orderBy(sql`${savedViews.ownerId} <> ${actor.id}`, asc(savedViews.name));
}

/** Keeps the runs list's current filters and columns under a name; the same name replaces the view. */
export async function saveView(
  db: Db,
  actor: Actor,
  input: z.input<typeof saveViewSchema>,
): Promise<SavedView> {
  assertScope(actor, "runs:read");
  const { name, query, shared } = saveViewSchema.parse(input);
  const canonical = canonicalRunsQuery(query);
  if (canonical === null) throw new AppError("invalid_input", "Some of this view's filters are not valid.");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`views:${actor.tenantId}:${actor.id}`}))`);
    const mine = await tx
      .select({ name: savedViews.name })
      .from(savedViews)
      .where(and(eq(savedViews.tenantId, actor.tenantId), eq(savedViews.ownerId, actor.id)));
    if (mine.length >= MAX_VIEWS_PER_PERSON && !mine.some((v) => v.name === name))
      throw new AppError("conflict", `Keep at most ${MAX_VIEWS_PER_PERSON} views: remove one first.`);
    const [row] = await tx
      .insert(savedViews)
      .values({
        tenantId: actor.tenantId,
        ownerId: actor.id,
        ownerLabel: actor.label,
        name,
        query: canonical,
        shared,
      })
      .onConflictDoUpdate({
        target: [savedViews.tenantId, savedViews.ownerId, savedViews.name],
        set: { query: canonical, shared, createdAt: sql`now()` },
      })
      .returning();
    if (!row) throw new AppError("internal", "The view could not be saved.");
    if (shared)
      await recordAudit(tx, actor, {
        action: "view.shared",
        targetType: "view",
        targetId: row.id,
        details: { name, query: canonical },
      });
    return row;
  });
}

/** Removes one of the person's own views (a shared view is its owner's to remove). */
export async function deleteView(db: Db, actor: Actor, input: { id: string }): Promise<void> {
  assertScope(actor, "runs:read");
  const parsed = z.object({ id: z.uuid() }).safeParse(input);
  if (!parsed.success) throw noSuchView();
  await db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(savedViews)
      .where(
        and(
          eq(savedViews.id, parsed.data.id),
          eq(savedViews.tenantId, actor.tenantId),
          eq(savedViews.ownerId, actor.id),
        ),
      )
      .returning({ id: savedViews.id, name: savedViews.name, shared: savedViews.shared });
    if (!removed) throw noSuchView();
    // A shared view others relied on is the tenant's business; one's own is not.
    if (removed.shared)
      await recordAudit(tx, actor, {
        action: "view.unshared",
        targetType: "view",
        targetId: removed.id,
        details: { name: removed.name },
      });
  });
}

const noSuchView = () => new AppError("not_found", "There is no such view of yours.");
