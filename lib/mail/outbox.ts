import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { mailOutbox, type OutboxMail } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";

/** The mail Flightdeck kept for this tenant because no SMTP server is configured, newest first. */
export async function listOutbox(db: DbOrTx, actor: Actor, limit = 50): Promise<OutboxMail[]> {
  assertScope(actor, "members:manage");
  return db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.tenantId, actor.tenantId))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(limit);
}
