import { drizzle } from "drizzle-orm/postgres-js";
import type { Database } from "@/db/client";
import { openPostgres } from "@/db/open-postgres";
import * as schema from "@/db/schema";

export type StatementCount = { statements: number; transactions: number; claims: number };

/**
 * A pool that counts what it sends, from the driver's `debug` hook: statements (BEGIN and COMMIT
 * aside), transactions (explicit ones, and each statement outside one) and run claims. The hook
 * makes the driver capture a stack per query, so throughput is never measured on this pool.
 */
export function countingDatabase(url: string, max: number) {
  const inTransaction = new Map<number, boolean>();
  const count: StatementCount = { statements: 0, transactions: 0, claims: 0 };
  const sql = openPostgres(url, {
    max,
    onnotice: () => {},
    debug: (connection, query) => {
      const head = query.trimStart().slice(0, 8).toLowerCase();
      if (head.startsWith("begin")) {
        inTransaction.set(connection, true);
        count.transactions++;
        return;
      }
      if (head.startsWith("commit") || head.startsWith("rollback")) {
        inTransaction.set(connection, false);
        return;
      }
      count.statements++;
      if (!inTransaction.get(connection)) count.transactions++;
      if (/skip locked/i.test(query) && /update\s+"?runs"?/i.test(query)) count.claims++;
    },
  });
  const database: Database = { db: drizzle(sql, { schema }), sql, close: () => sql.end({ timeout: 5 }) };
  return { database, count: (): StatementCount => ({ ...count }) };
}

export const countSince = (before: StatementCount, after: StatementCount): StatementCount => ({
  statements: after.statements - before.statements,
  transactions: after.transactions - before.transactions,
  claims: after.claims - before.claims,
});
