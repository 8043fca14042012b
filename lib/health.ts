import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { policyEngineHealthy } from "@/lib/policy/engine-health";

export type Health = {
  status: "ok" | "unavailable";
  database: "ok" | "unreachable";
  policyEngine: "ok" | "failing";
};

/** Ready when the database answers and the policy engine can decide a call. */
export async function checkHealth(): Promise<Health> {
  const policyEngine = policyEngineHealthy() ? "ok" : "failing";
  try {
    await Promise.race([
      getDb().execute(sql`select 1`),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 3000)),
    ]);
    return { status: policyEngine === "ok" ? "ok" : "unavailable", database: "ok", policyEngine };
  } catch {
    return { status: "unavailable", database: "unreachable", policyEngine };
  }
}
