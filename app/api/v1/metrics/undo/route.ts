import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { getUndoRate } from "@/lib/metrics/undo-rate";
import { toFilterJson, toUndoRateJson } from "../metrics-json";

/** The undo rate over the same filter as /metrics/cost and /metrics/ops: overall, by agent, tool and day. */
export const GET = apiRoute({ scope: "dashboards:read" }, async ({ actor, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return {
    filter: toFilterJson(metricsFilterSchema.parse(query)),
    undo_rate: toUndoRateJson(await getUndoRate(getDb(), actor, query)),
  };
});
