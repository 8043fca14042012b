import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { demoFiles } from "@/db/schema";

/**
 * Whether a workspace file exists, and whether its current content is exactly what an agent's
 * write_file left there (an agent's own note), as opposed to a file a person or the seed wrote.
 * Read from the file's row, which the write sets in its own transaction: a second run deciding on
 * the file a moment later sees it as the agent's, before the first run's receipt is committed.
 */
export async function fileFacts(db: DbOrTx, tenantId: string, path: string) {
  const [file] = await db
    .select({ writtenByAgent: demoFiles.writtenByAgent })
    .from(demoFiles)
    .where(and(eq(demoFiles.tenantId, tenantId), eq(demoFiles.path, path)));
  if (!file) return { file_exists: false, file_written_by_agent: false };
  return { file_exists: true, file_written_by_agent: file.writtenByAgent };
}
