import { z } from "zod";
import { getDb } from "@/db/client";
import { evalSuiteSchema } from "@/lib/evals/case-schema";
import { importedJson, suiteSummaryJson, toSuiteSummaryJson } from "@/lib/evals/eval-json";
import { listSuites } from "@/lib/evals/suite-runs";
import { importSuite } from "@/lib/evals/suite-store";
import { apiRoute } from "@/lib/http/api-route";

export const GET = apiRoute(
  { scope: "evals:read", responses: { 200: z.object({ suites: z.array(suiteSummaryJson) }) } },
  async ({ actor }) => ({ suites: (await listSuites(getDb(), actor)).map(toSuiteSummaryJson) }),
);

/** Imports a suite file (the format of lib/evals/suites/*.json); one of the same name is replaced. */
export const POST = apiRoute(
  {
    scope: "evals:write",
    body: evalSuiteSchema,
    maxBodyBytes: 4 * 1024 * 1024,
    responses: { 200: importedJson },
  },
  async ({ actor, body }) => {
    const { suite, cases, replaced } = await importSuite(getDb(), actor, body);
    return { id: suite.id, name: suite.name, cases, replaced };
  },
);
