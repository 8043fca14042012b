import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { approvals, demoRefunds, runs } from "@/db/schema";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { resolveModel } from "@/lib/models/resolve-model";
import { compilePolicy } from "@/lib/policy/compile";
import { policyRequest } from "@/lib/policy/decide-call";
import { evaluatePolicy } from "@/lib/policy/evaluate";
import { startRun } from "@/lib/runs/start-run";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { getTool } from "@/lib/tools/registry";
import { RunWorker } from "@/lib/worker/worker";
import type { BenchTenant } from "./engine";

export type PolicyFigures = {
  evaluations: number;
  evalP50Us: number;
  evalP95Us: number;
  approvals: number;
  resumeP50Ms: number;
  resumeP95Ms: number;
  resumeMaxMs: number;
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

/**
 * Policy evaluation time with the pre-parsed default policy (the Cedar call on every tool call:
 * a refund of 120 USD, which takes both the full and the hard policy set to decide), and the time
 * from an operator's approval to the parked call's step committed by a worker that was idle.
 */
export async function measurePolicy(database: Database, tenant: BenchTenant): Promise<PolicyFigures> {
  const policy = compilePolicy("bench", 0, DEFAULT_POLICY);
  if ("problems" in policy) throw new Error("the default policy does not compile");
  const tool = getTool("issue_refund");
  if (!tool) throw new Error("issue_refund is not registered");
  const { request } = await policyRequest({
    db: database.db,
    tenantId: tenant.tenantId,
    agentName: "support-triage",
    tool,
    args: { order_id: "O-5004", amount_usd: 120, reason: "bench" },
    evidence: { goal: "Resolve ticket T-1004", results: [] },
    appBaseUrl: "http://127.0.0.1:65533",
  });
  const timings: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const started = performance.now();
    evaluatePolicy(policy, request);
    timings.push((performance.now() - started) * 1000);
  }

  const worker = new RunWorker(
    {
      db: database.db,
      owner: `bench-approvals:${process.pid}`,
      leaseSeconds: 30,
      modelTimeoutMs: 10_000,
      appBaseUrl: "http://127.0.0.1:65533",
      resolveModel: (name) => resolveModel(name, {}),
    },
    database.sql,
    // The slow poll would find the run within 5 s anyway: only the NOTIFY can make it fast.
    { concurrency: 4, pollMs: 5000 },
  );
  await worker.start();
  const resumes: number[] = [];
  const count = 10;
  try {
    for (let i = 0; i < count; i++) {
      // A second refund of the same order is denied by policy: each round starts without one.
      await database.db.delete(demoRefunds).where(eq(demoRefunds.tenantId, tenant.tenantId));
      const queued = await startRun(database.db, tenant.actor, {
        agent: "support-triage",
        input: "Resolve ticket T-1004",
      });
      const approval = await waitFor(async () => {
        const [row] = await database.db.select().from(approvals).where(eq(approvals.runId, queued.id));
        if (row?.status === "pending") return row;
        const [run] = await database.db.select().from(runs).where(eq(runs.id, queued.id));
        if (run?.endedAt) throw new Error(`The run to approve ended ${run.status}: ${run.error}`);
        return null;
      });
      const decided = performance.now();
      await decideApproval(
        database.db,
        tenant.actor,
        approval.id,
        { decision: "approve" },
        "http://127.0.0.1:65533",
      );
      await waitFor(async () => {
        const [run] = await database.db
          .select({ lastSeq: runs.lastSeq })
          .from(runs)
          .where(eq(runs.id, queued.id));
        return (run?.lastSeq ?? 0) >= approval.seq ? true : null;
      }, 2);
      resumes.push(performance.now() - decided);
    }
  } finally {
    await worker.stop();
  }
  return {
    evaluations: timings.length,
    evalP50Us: percentile(timings, 50),
    evalP95Us: percentile(timings, 95),
    approvals: count,
    resumeP50Ms: percentile(resumes, 50),
    resumeP95Ms: percentile(resumes, 95),
    resumeMaxMs: Math.max(...resumes),
  };
}

async function waitFor<T>(probe: () => Promise<T | null>, everyMs = 20, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error("timed out waiting in the approvals benchmark");
}
