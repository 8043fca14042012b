import { customType } from "drizzle-orm/pg-core";

/** PostgreSQL's full-text search vector (a generated column, searched through a GIN index). */
export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
