import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import {
  runSummariesJson,
  runSummariesOf,
  runSummariesSchema,
  setRunSummaries,
} from "@/lib/memory/run-summaries";

type Params = { id: string };

const toJson = ({ agent, on }: { agent: string; on: boolean }) => ({ agent, run_summaries: on });

/** The agent's memory settings (`{id}`: its id or its name): whether each ended run leaves a summary. */
export const GET = apiRoute<Params>(
  { scope: "memory:read", responses: { 200: runSummariesJson } },
  async ({ actor, params }) => toJson(await runSummariesOf(getDb(), actor, params.id)),
);

/** Switches run summaries on or off, for runs that end from now on. */
export const PUT = apiRoute<Params, typeof runSummariesSchema>(
  { scope: "memory:write", body: runSummariesSchema, responses: { 200: runSummariesJson } },
  async ({ actor, params, body }) =>
    toJson(await setRunSummaries(getDb(), actor, params.id, body.run_summaries)),
);
