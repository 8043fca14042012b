import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoFiles, receipts } from "@/db/schema";
import { sha256Hex } from "../sha256";

/**
 * Whether a workspace file exists, and whether its current content is exactly what an agent's
 * write_file left there (an agent's own note), as opposed to a file a person or the seed wrote.
 */
export async function fileFacts(db: DbOrTx, tenantId: string, path: string) {
  const [file] = await db
    .select({ content: demoFiles.content })
    .from(demoFiles)
    .where(and(eq(demoFiles.tenantId, tenantId), eq(demoFiles.path, path)));
  if (!file) return { file_exists: false, file_written_by_agent: false };
  const [written] = await db
    .select({ id: receipts.id })
    .from(receipts)
    .where(
      and(
        eq(receipts.tenantId, tenantId),
        eq(receipts.tool, "write_file"),
        eq(receipts.kind, "action"),
        sql`${receipts.content}->'receipt'->>'path' = ${path}`,
        sql`${receipts.content}->'receipt'->>'sha256_after' = ${sha256Hex(file.content)}`,
      ),
    )
    .limit(1);
  return { file_exists: true, file_written_by_agent: Boolean(written) };
}
