import { z } from "zod";
import { timestamp } from "@/lib/http/json-shapes";
import { evalCaseSchema } from "./case-schema";
import type { listSuites } from "./suite-runs";

export const suiteSummaryJson = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  cases: z.number(),
  updated_at: timestamp,
  last_run: z
    .object({ started_at: timestamp, passed: z.number(), failed: z.number(), cost_usd: z.number() })
    .nullable(),
});

export function toSuiteSummaryJson(row: Awaited<ReturnType<typeof listSuites>>[number]) {
  const last = row.lastRun;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    cases: row.cases,
    updated_at: row.updatedAt.toISOString(),
    last_run:
      last?.startedAt && last.passed !== null && last.failed !== null
        ? {
            started_at: last.startedAt.toISOString(),
            passed: last.passed,
            failed: last.failed,
            cost_usd: last.costUsd ?? 0,
          }
        : null,
  } satisfies z.input<typeof suiteSummaryJson>;
}

export const importedJson = z.object({
  id: z.string(),
  name: z.string(),
  cases: z.number(),
  replaced: z.boolean(),
});

export const savedCaseJson = z.object({ id: z.string(), suite: z.string(), case: evalCaseSchema });
