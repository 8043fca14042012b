import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { DEMO_TENANT } from "@/lib/bootstrap/initialise";
import type { EngineConfig } from "@/lib/runtime/engine-config";
import { findSourceTenant } from "./agent-under-test";
import { baselineOf, baselineSchema, DEFAULT_TOLERANCE, type Regression, regressions } from "./baseline";
import type { EvalSuite } from "./case-schema";
import { baselinePathOf, loadSuite, suitePath } from "./load-suite";
import { jsonReport, junitReport, tableReport } from "./reports";
import { runSuite, type SuiteResult } from "./run-suite";
import { listSuites, recordSuiteRun } from "./suite-runs";
import { importSuite } from "./suite-store";

export const EVAL_USAGE = `npm run eval -- --suite <name|file> [--agent <name>[@version]] [--model <model>]
  [--tenant <slug|name>] [--json out.json] [--junit out.xml] [--baseline file] [--update-baseline]
  [--tolerance 0.25] [--keep] [--save]`;

/** Exit codes: 0 no regression, 1 a regression, 2 the command itself was wrong. */
export type EvalExit = 0 | 1 | 2;

/**
 * `npm run eval`: runs a suite, prints the table, writes the reports, compares with the baseline.
 * Returns the exit code rather than exiting, so a test can call it as the script does.
 */
export async function evalCli(
  db: Db,
  argv: string[],
  io: { engine: EngineConfig; log: (line: string) => void; root?: string },
): Promise<EvalExit> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.log(`${(error as Error).message}\n\nUsage: ${EVAL_USAGE}`);
    return 2;
  }
  const file = suitePath(args.suite, io.root);
  const baselineFile = args.baseline ?? baselinePathOf(file);
  try {
    const suite = await loadSuite(file);
    const source = await findSourceTenant(db, args.tenant ?? DEMO_TENANT);
    if (args.tenant && !source) throw new Error(`No tenant with slug or name "${args.tenant}".`);
    io.log(
      `Suite ${suite.name}: agents from ${source?.name ?? "the demo seed"}, each case in a scratch tenant.`,
    );
    const result = await runSuite(db, suite, {
      engine: io.engine,
      source,
      agent: args.agent,
      model: args.model,
      keep: args.keep,
      onCase: (c) => io.log(`${c.pass ? "pass" : "FAIL"}  ${c.name}${c.error ? `: ${c.error}` : ""}`),
    });
    if (result.cases.length === 0) throw new Error(`The suite has no case of ${args.agent?.name}.`);
    const baseline = existsSync(baselineFile)
      ? baselineSchema.parse(JSON.parse(await readFile(baselineFile, "utf8")))
      : null;
    const found = regressions(result, args.updateBaseline ? null : baseline, args.tolerance);
    const setupMs = result.cases.reduce((sum, c) => sum + c.setupMs, 0) / result.cases.length;
    io.log(`\n${tableReport(result)}\n`);
    io.log(
      `${result.passed} of ${result.cases.length} passed, $${result.costUsd.toFixed(6)}, ${(result.durationMs / 1000).toFixed(1)} s (a scratch tenant cost ${Math.round(setupMs)} ms per case).`,
    );
    if (args.json) await writeFile(args.json, `${JSON.stringify(jsonReport(result, found), null, 2)}\n`);
    if (args.junit) await writeFile(args.junit, junitReport(result));
    if (args.save) {
      if (!source) throw new Error("--save keeps the results in a tenant: name it with --tenant.");
      await saveResults(db, source, suite, result, found);
      io.log(`Results kept in ${source.name}'s suite ${suite.name} (the Evals page).`);
    }
    if (args.updateBaseline) {
      await writeFile(baselineFile, `${JSON.stringify(baselineOf(result), null, 2)}\n`);
      io.log(`Baseline written to ${baselineFile}.`);
      return 0;
    }
    if (!baseline) io.log("No baseline: every failing case counts as a regression.");
    for (const r of found) io.log(`REGRESSION ${r.case}: ${r.reason}`);
    return found.length > 0 ? 1 : 0;
  } catch (error) {
    io.log((error as Error).message);
    return 2;
  }
}

// The runner acts in the tenant as Flightdeck itself; the suite is imported from the file the first time.
async function saveResults(
  db: Db,
  source: { id: string; name: string },
  suite: EvalSuite,
  result: SuiteResult,
  found: Regression[],
) {
  const actor: Actor = {
    kind: "system",
    id: "eval-runner",
    label: "npm run eval",
    tenantId: source.id,
    tenantName: source.name,
    role: "operator",
  };
  const stored = await listSuites(db, actor);
  if (!stored.some((s) => s.name === suite.name)) await importSuite(db, actor, suite);
  await recordSuiteRun(db, actor, result, found);
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      suite: { type: "string" },
      agent: { type: "string" },
      model: { type: "string" },
      tenant: { type: "string" },
      json: { type: "string" },
      junit: { type: "string" },
      baseline: { type: "string" },
      "update-baseline": { type: "boolean", default: false },
      tolerance: { type: "string" },
      keep: { type: "boolean", default: false },
      save: { type: "boolean", default: false },
    },
  });
  if (!values.suite) throw new Error("Name the suite with --suite.");
  const tolerance = values.tolerance === undefined ? DEFAULT_TOLERANCE : Number(values.tolerance);
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new Error("--tolerance is a share, e.g. 0.25.");
  return {
    suite: values.suite,
    agent: values.agent === undefined ? undefined : parseAgent(values.agent),
    model: values.model,
    tenant: values.tenant,
    json: values.json,
    junit: values.junit,
    baseline: values.baseline,
    updateBaseline: values["update-baseline"] === true,
    tolerance,
    keep: values.keep === true,
    save: values.save === true,
  };
}

function parseAgent(text: string): { name: string; version?: number } {
  const match = /^([^@\s]+)(?:@(\d+))?$/.exec(text);
  if (!match?.[1]) throw new Error(`--agent is a name, or name@version: "${text}" is neither.`);
  return { name: match[1], ...(match[2] && { version: Number(match[2]) }) };
}
