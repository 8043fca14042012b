import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { getOpsReport } from "@/lib/metrics/queries";
import { opsReportJson, toOpsReportJson } from "../metrics-json";

export const GET = apiRoute(
  { scope: "dashboards:read", query: metricsFilterSchema.in, responses: { 200: opsReportJson } },
  async ({ actor, query }) => {
    return toOpsReportJson(await getOpsReport(getDb(), actor, query));
  },
);
