import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { getOpsReport } from "@/lib/metrics/queries";
import { opsReportJson, toOpsReportJson } from "../metrics-json";

export const GET = apiRoute(
  { scope: "dashboards:read", responses: { 200: opsReportJson } },
  async ({ actor, request }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    return toOpsReportJson(await getOpsReport(getDb(), actor, query));
  },
);
