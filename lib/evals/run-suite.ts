import type { Db } from "@/db/client";
import { seedModelPrices } from "@/lib/models/pricing";
import type { EngineConfig } from "@/lib/runtime/engine-config";
import { type AgentUnderTest, agentUnderTest } from "./agent-under-test";
import type { EvalSuite } from "./case-schema";
import { type CaseResult, notRun, runCase } from "./run-case";
import { removeStaleScratchTenants } from "./scratch-tenant";

export type SuiteResult = {
  suite: string;
  startedAt: string;
  durationMs: number;
  model: string | null;
  cases: CaseResult[];
  passed: number;
  failed: number;
  costUsd: number;
};

export type SuiteOptions = {
  engine: EngineConfig;
  /** The tenant whose agents are tested; null: the demo seed's agents. */
  source: { id: string; name: string } | null;
  /** Only this agent's cases, at this version (else the version each case names, else the current one). */
  agent?: { name: string; version?: number };
  model?: string;
  keep?: boolean;
  /** Cases already run (by name): a suite run resumed by another worker skips them. */
  skip?: ReadonlySet<string>;
  /** Awaited after each case, before the next starts (a worker keeps the result here). */
  onCase?: (result: CaseResult) => void | Promise<void>;
  /** Asked before each case: true stops the run there (the worker lost its lease). */
  stopped?: () => boolean;
};

/** Runs the suite's cases one after another, each in its own scratch tenant. */
export async function runSuite(db: Db, suite: EvalSuite, options: SuiteOptions): Promise<SuiteResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  await seedModelPrices(db);
  await removeStaleScratchTenants(db);
  const agents = new Map<string, Promise<AgentUnderTest>>();
  const cases = suite.cases.filter(
    (c) => (!options.agent || c.agent.name === options.agent.name) && !options.skip?.has(c.name),
  );
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    if (options.stopped?.()) break;
    const version = options.agent?.version ?? testCase.agent.version;
    const key = `${testCase.agent.name}@${version ?? "current"}`;
    if (!agents.has(key)) agents.set(key, agentUnderTest(db, options.source, testCase.agent.name, version));
    let result: CaseResult;
    try {
      const agent = await (agents.get(key) as Promise<AgentUnderTest>);
      result = await runCase(db, testCase, {
        engine: options.engine,
        agent,
        model: options.model,
        keep: options.keep,
      });
    } catch (error) {
      result = notRun(testCase, 0, error instanceof Error ? error.message : String(error));
    }
    await options.onCase?.(result);
    results.push(result);
  }
  const passed = results.filter((r) => r.pass).length;
  return {
    suite: suite.name,
    startedAt,
    durationMs: Math.round(performance.now() - started),
    model: options.model ?? null,
    cases: results,
    passed,
    failed: results.length - passed,
    costUsd: results.reduce((sum, r) => sum + (r.costUsd ?? 0), 0),
  };
}
