import { getDb } from "@/db/client";
import { suiteRunJson, toSuiteRunJson } from "@/lib/evals/eval-json";
import { suiteRunState } from "@/lib/evals/queue-suite-run";
import { apiRoute } from "@/lib/http/api-route";

/** A suite run: queued, running (cases done of total), finished with its results, or failed. */
export const GET = apiRoute<{ name: string; id: string }>(
  { scope: "evals:read", responses: { 200: suiteRunJson } },
  async ({ actor, params }) => toSuiteRunJson(await suiteRunState(getDb(), actor, params.name, params.id)),
);
