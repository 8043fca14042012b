import { and, eq } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { AppError } from "@/lib/errors";

type TenantTable = PgTable & { id: PgColumn; tenantId: PgColumn };

/**
 * One row of a tenant's table by its id, or not_found with `notFound` as the message: a malformed id
 * and another tenant's row both read as "not here", never as bad input or as someone else's.
 */
export async function getTenantRow<T extends TenantTable>(
  db: DbOrTx,
  table: T,
  tenantId: string,
  id: string,
  notFound: string,
): Promise<T["$inferSelect"]> {
  const [row] = z.uuid().safeParse(id).success
    ? await db
        .select()
        .from(table as PgTable)
        .where(and(eq(table.id, id), eq(table.tenantId, tenantId)))
    : [];
  if (!row) throw new AppError("not_found", notFound);
  return row as T["$inferSelect"];
}
