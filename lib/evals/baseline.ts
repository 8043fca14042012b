import { z } from "zod";
import type { SuiteResult } from "./run-suite";

/** A suite's last accepted results, kept beside the suite file and compared against on every run. */
export const baselineSchema = z.object({
  suite: z.string(),
  cases: z.record(
    z.string(),
    z.object({ pass: z.boolean(), steps: z.number().int().nonnegative(), cost_usd: z.number().nullable() }),
  ),
});
export type Baseline = z.infer<typeof baselineSchema>;

export type Regression = { case: string; reason: string };

export const DEFAULT_TOLERANCE = 0.25;

export function baselineOf(result: SuiteResult): Baseline {
  return {
    suite: result.suite,
    cases: Object.fromEntries(
      result.cases.map((c) => [c.name, { pass: c.pass, steps: c.steps, cost_usd: c.costUsd }]),
    ),
  };
}

/**
 * What got worse since the baseline: a case that passed and now fails, or one whose steps or cost
 * grew beyond the tolerance (a share: 0.25 lets 8 steps become 10, not 11). Without a baseline every
 * failing case is a regression; a case the baseline does not know is judged only by its checks.
 */
export function regressions(
  result: SuiteResult,
  baseline: Baseline | null,
  tolerance = DEFAULT_TOLERANCE,
): Regression[] {
  const found: Regression[] = [];
  for (const c of result.cases) {
    const before = baseline?.cases[c.name];
    if (!c.pass && (before?.pass ?? true)) {
      const failed =
        c.error ??
        c.checks
          .filter((check) => !check.pass)
          .map((check) => `${check.check}: ${check.reason}`)
          .join("; ");
      found.push({
        case: c.name,
        reason: before ? `passed in the baseline, now fails: ${failed}` : `fails: ${failed}`,
      });
      continue;
    }
    if (!before || !c.pass) continue;
    const maxSteps = Math.floor(before.steps * (1 + tolerance) + 1e-9);
    if (c.steps > maxSteps)
      found.push({
        case: c.name,
        reason: `${c.steps} steps, baseline ${before.steps} (at most ${maxSteps} allowed)`,
      });
    if (
      before.cost_usd !== null &&
      c.costUsd !== null &&
      c.costUsd > before.cost_usd * (1 + tolerance) + 1e-9
    )
      found.push({
        case: c.name,
        reason: `cost $${c.costUsd.toFixed(6)}, baseline $${before.cost_usd.toFixed(6)} (+${Math.round(tolerance * 100)} % allowed)`,
      });
  }
  return found;
}
