import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type AuditEntry, auditLog } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { addDays } from "@/lib/day";
import { AppError } from "@/lib/errors";

export const auditFilterSchema = z.object({
  /** An action or the start of one (`agent.`: everything done to agents). */
  action: z.string().trim().max(100).optional(),
  /** Who acted, as the log names them (an email, `API key <name>`, Flightdeck). */
  actor: z.string().trim().max(200).optional(),
  /** The entries about one thing: a run's, an agent's, a receipt's id. */
  target: z.string().trim().max(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

/** Newest first, keyset-paginated on the entry id (insertion order), so pages stay fast however long the log. */
export async function listAuditEntries(db: DbOrTx, actor: Actor, filter: AuditFilter): Promise<AuditPage> {
  assertScope(actor, "audit:read");
  const f = auditFilterSchema.parse(filter);
  const conditions: SQL[] = [eq(auditLog.tenantId, actor.tenantId)];
  if (f.action) conditions.push(ilike(auditLog.action, `${escapeLike(f.action)}%`));
  if (f.actor) conditions.push(eq(auditLog.actorLabel, f.actor));
  // A run's approvals and receipts name it in their details.
  if (f.target)
    conditions.push(
      or(eq(auditLog.targetId, f.target), sql`${auditLog.details}->>'run_id' = ${f.target}`) as SQL,
    );
  if (f.from) conditions.push(gte(auditLog.createdAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) conditions.push(lt(auditLog.createdAt, new Date(`${addDays(f.to, 1)}T00:00:00Z`)));
  if (f.cursor) conditions.push(lt(auditLog.id, decodeCursor(f.cursor)));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(f.limit + 1);
  const entries = rows.slice(0, f.limit);
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > f.limit && last ? encodeCursor(last) : null };
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

const encodeCursor = (entry: AuditEntry): string => String(entry.id);

function decodeCursor(cursor: string): number {
  const id = Number(cursor);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new AppError("invalid_input", "The page cursor is not valid.", { field: "cursor" });
  }
  return id;
}
