import type { Alert, AlertRule } from "@/db/schema";

/** A measured value as people read it: a share as a percentage, seconds, dollars. */
export function formatMetric(metric: AlertRule["metric"], value: number): string {
  if (metric === "failure_rate") return `${Math.round(value * 1000) / 10} %`;
  if (metric === "p95_seconds") return `${Math.round(value * 10) / 10} s`;
  // Cents, or enough digits to show a fraction of one.
  const digits = value > 0 && value < 0.01 ? 1 - Math.floor(Math.log10(value)) : 2;
  return `$${value.toFixed(Math.min(digits, 8))}`;
}

const noun: Record<AlertRule["metric"], string> = {
  failure_rate: "failure rate",
  p95_seconds: "p95 duration",
  cost_usd: "cost",
};

/** "failure rate 40 % over the last 15 min (8 runs), above 20 %" */
export function describeAlert(a: Pick<Alert, "metric" | "value" | "threshold" | "windowMinutes" | "runs">) {
  return `${noun[a.metric]} ${formatMetric(a.metric, a.value)} over the last ${a.windowMinutes} min (${a.runs} ${a.runs === 1 ? "run" : "runs"}), above ${formatMetric(a.metric, a.threshold)}`;
}
