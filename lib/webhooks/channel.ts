import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** Announced (on commit) whenever a delivery is queued; the triggers of migration 0044 use it too. */
export const WEBHOOKS_CHANNEL = "flightdeck_webhooks";

export async function announceWebhooks(db: DbOrTx, tenantId: string): Promise<void> {
  await db.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, ${tenantId})`);
}
