import { z } from "zod";
import { addDays, DAY_MS, utcToday } from "@/lib/day";

const MAX_DAYS = 366;

const optionalText = (max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(max).optional());
const optionalDate = z.preprocess((v) => (v === "" ? undefined : v), z.iso.date().optional());

/** Query-string shaped, so pages and the API parse the same input. Days are UTC calendar days. */
export const metricsFilterSchema = z
  .object({
    from: optionalDate,
    to: optionalDate,
    agent: optionalText(100),
    model: optionalText(200),
    group_by: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.enum(["agent", "model", "tenant"]).default("agent"),
    ),
    /** `all`: every tenant the person may read dashboards of; an id: that one (membership checked). */
    tenant: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z.union([z.literal("all"), z.uuid()], { error: "`tenant` must be `all` or a tenant id." }).optional(),
    ),
  })
  .transform((f, ctx) => {
    const to = f.to ?? utcToday();
    const from = f.from ?? addDays(to, -29);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must not be after `to`." });
    if (days > MAX_DAYS)
      ctx.addIssue({ code: "custom", path: ["from"], message: "At most 366 days at once." });
    return { from, to, agent: f.agent, model: f.model, groupBy: f.group_by, tenant: f.tenant };
  });

export type MetricsFilterInput = z.input<typeof metricsFilterSchema>;
export type MetricsFilter = z.output<typeof metricsFilterSchema>;

/** The half-open instant range [start, end) covering the filter's days. */
export const instantRange = (f: MetricsFilter) => ({
  start: `${f.from}T00:00:00Z`,
  end: `${addDays(f.to, 1)}T00:00:00Z`,
});
