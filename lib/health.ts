import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";

export type Health = { status: "ok" | "unavailable"; database: "ok" | "unreachable" };

export async function checkHealth(): Promise<Health> {
  try {
    await Promise.race([
      getDb().execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 3000)),
    ]);
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "unavailable", database: "unreachable" };
  }
}
