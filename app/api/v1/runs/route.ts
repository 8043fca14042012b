import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { listRuns, runFilterSchema } from "@/lib/runs/queries";
import { runSummaryJson, toRunSummary } from "@/lib/runs/run-json";
import { runByRequestKey, startRun, startRunSchema } from "@/lib/runs/start-run";

const started = (run: { id: string; status: string }) =>
  Response.json(
    { id: run.id, status: run.status },
    { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
  );

const startBody = snakeCaseBody(startRunSchema);
const startedJson = z.object({ id: z.string(), status: z.string() });
const page = z.object({ runs: z.array(runSummaryJson), next_cursor: z.string().nullable() });

export const POST = apiRoute(
  {
    scope: "runs:start",
    body: startBody,
    responses: { 201: startedJson },
    recover: async ({ actor, idempotencyKey }) => {
      const run = await runByRequestKey(getDb(), actor.tenantId, idempotencyKey);
      return run ? started({ id: run.id, status: "queued" }) : null;
    },
  },
  async ({ actor, body, idempotencyKey }) =>
    started(await startRun(getDb(), actor, body, { requestKey: idempotencyKey ?? undefined })),
);

export const GET = apiRoute(
  { scope: "runs:read", query: runFilterSchema, responses: { 200: page } },
  async ({ actor, query }) => {
    const [page, redactor] = await Promise.all([
      listRuns(getDb(), actor, query),
      redactorFor(getDb(), actor),
    ]);
    return { runs: page.runs.map((run) => toRunSummary(run, redactor)), next_cursor: page.nextCursor };
  },
);
