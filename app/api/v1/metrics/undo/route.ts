import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { getUndoRate } from "@/lib/metrics/undo-rate";
import { filterJson, toFilterJson, toUndoRateJson, undoRateJson } from "../metrics-json";

/** The undo rate over the same filter as /metrics/cost and /metrics/ops: overall, by agent, tool and day. */
const undo = z.object({ filter: filterJson, undo_rate: undoRateJson });

export const GET = apiRoute(
  { scope: "dashboards:read", query: metricsFilterSchema.in, responses: { 200: undo } },
  async ({ actor, query }) => {
    return {
      filter: toFilterJson(metricsFilterSchema.parse(query)),
      undo_rate: toUndoRateJson(await getUndoRate(getDb(), actor, query)),
    };
  },
);
