import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { getCostReport } from "@/lib/metrics/queries";
import { costReportJson, toCostReportJson } from "../metrics-json";

export const GET = apiRoute(
  { scope: "dashboards:read", query: metricsFilterSchema.in, responses: { 200: costReportJson } },
  async ({ actor, query }) => {
    return toCostReportJson(await getCostReport(getDb(), actor, query));
  },
);
