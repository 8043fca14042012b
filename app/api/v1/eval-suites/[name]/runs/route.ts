import { getDb } from "@/db/client";
import { suiteRunJson, toSuiteRunJson } from "@/lib/evals/eval-json";
import { queueSuiteRun, queueSuiteRunSchema } from "@/lib/evals/queue-suite-run";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";

/** Queues a run of the suite for a worker: 202 at once; GET its location to follow it. */
export const POST = apiRoute<{ name: string }, ReturnType<typeof snakeCaseBody<typeof queueSuiteRunSchema>>>(
  { scope: "evals:write", body: snakeCaseBody(queueSuiteRunSchema), responses: { 202: suiteRunJson } },
  async ({ actor, params, body }) => {
    const db = getDb();
    const run = await queueSuiteRun(db, actor, params.name, body);
    const state = toSuiteRunJson({ suite: { name: params.name }, run, results: [] });
    return Response.json(state, {
      status: 202,
      headers: { location: `/api/v1/eval-suites/${encodeURIComponent(params.name)}/runs/${run.id}` },
    });
  },
);
