import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { getCostReport } from "@/lib/metrics/queries";
import { costReportJson, toCostReportJson } from "../metrics-json";

export const GET = apiRoute(
  { scope: "dashboards:read", responses: { 200: costReportJson } },
  async ({ actor, request }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return toCostReportJson(await getCostReport(getDb(), actor, query));
  },
);
