import { drizzle } from "drizzle-orm/postgres-js";
import { connect, type Db } from "@/db/client";
import { openPostgres } from "@/db/open-postgres";
import * as schema from "@/db/schema";

/**
 * Two pools on one database, as two processes would have: `a` logs every statement it sends (to
 * count what a call costs), `b` changes what `a`'s calls depend on behind their back.
 */
export function countedPools(url: string) {
  const sent: string[] = [];
  const clientA = openPostgres(url, { max: 2, onnotice: () => {}, debug: (_c, query) => sent.push(query) });
  const a = drizzle(clientA, { schema }) as Db;
  const b = connect(url, { max: 2 });
  /** The statements one call sends through pool A. */
  async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const from = sent.length;
    const result = await fn();
    return { result, statements: sent.slice(from) };
  }
  const close = async () => {
    await clientA.end();
    await b.close();
  };
  return { a, b, statementsOf, close };
}
