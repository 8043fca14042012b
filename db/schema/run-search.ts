import { customType, index, pgTable, uuid } from "drizzle-orm/pg-core";
import { runs } from "./runs";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * What a run can be found by: its goal and its final answer as a text-search document. Kept by
 * triggers on `runs` (custom migration) when a run is created and when its answer is written, never
 * on the steps in between, so the run engine's per-step updates pay nothing for it.
 */
export const runSearch = pgTable(
  "run_search",
  {
    runId: uuid("run_id")
      .primaryKey()
      .references(() => runs.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id").notNull(),
    document: tsvector("document").notNull(),
  },
  (t) => [index("run_search_document_idx").using("gin", t.document)],
);
