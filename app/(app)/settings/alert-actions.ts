"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import type { AlertMetric } from "@/db/schema";
import { createAlertRule, deleteAlertRule } from "@/lib/alerts/alert-rules";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export async function createAlertRuleAction(_previous: unknown, form: FormData) {
  const metric = formText(form, "metric") as AlertMetric;
  const agent = formText(form, "agent").trim();
  // People type a failure rate in percent; the rule keeps a share.
  const threshold = number(formText(form, "threshold")) / (metric === "failure_rate" ? 100 : 1);
  const result = await runAction(async () =>
    createAlertRule(getDb(), await requireActor("alerts:manage"), {
      agent: agent === "" ? null : agent,
      metric,
      threshold,
      window_minutes: number(formText(form, "window_minutes")),
      min_runs: number(formText(form, "min_runs")),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function deleteAlertRuleAction(id: string) {
  const result = await runAction(async () =>
    deleteAlertRule(getDb(), await requireActor("alerts:manage"), { id }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
