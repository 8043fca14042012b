import { z } from "zod";
import { getDb } from "@/db/client";
import { alertJson, alertShape } from "@/lib/alerts/alert-json";
import { listAlerts } from "@/lib/alerts/alert-rules";
import { apiRoute } from "@/lib/http/api-route";

/** The tenant's alerts: open ones first, then the latest cleared (50 at most). */
export const GET = apiRoute(
  {
    scope: "dashboards:read",
    query: z.object({
      open: z.enum(["true", "false"]).default("false").describe("`true`: only the alerts open now."),
    }),
    responses: { 200: z.object({ alerts: z.array(alertShape) }) },
  },
  async ({ actor, query }) => ({
    alerts: (await listAlerts(getDb(), actor, { openOnly: query.open === "true" })).map(alertJson),
  }),
);
