import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { getEnvelopeReport } from "@/lib/metrics/envelope";
import { metricsFilterSchema } from "@/lib/metrics/filter";
import { envelopeReportJson, toEnvelopeReportJson } from "../metrics-json";

/** Approvals, policy denials, outcomes, unverified runs and undone actions, over the dashboards' filter. */
export const GET = apiRoute(
  { scope: "dashboards:read", query: metricsFilterSchema.in, responses: { 200: envelopeReportJson } },
  async ({ actor, query }) => {
    return toEnvelopeReportJson(await getEnvelopeReport(getDb(), actor, query));
  },
);
