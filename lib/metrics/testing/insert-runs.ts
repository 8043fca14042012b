import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, type RunStatus, runSteps, runs, type StopReason } from "@/db/schema";
import { storeAgentSnapshot } from "@/lib/runtime/agent-snapshots";

export type RunFixture = {
  agent: string;
  model?: string;
  status: RunStatus;
  stopReason?: StopReason;
  cost: number | null;
  at: string;
  seconds?: number;
  tokens?: [number, number, number, number];
  /** Refused calls as the run counts them (steps are not read for these). */
  securityAttempts?: number;
  invalidCalls?: number;
  input?: string;
  steps?: { kind: "model" | "tool"; tool?: string; status?: string; ms: number }[];
};

/** Inserts runs (and steps) exactly as described, for figures a test can compute by hand. */
export async function insertRuns(db: Db, tenantId: string, fixtures: RunFixture[]): Promise<string[]> {
  const rows = await db.select().from(agents).where(eq(agents.tenantId, tenantId));
  const ids: string[] = [];
  for (const f of fixtures) {
    const agent = rows.find((a) => a.name === f.agent) ?? rows[0];
    if (!agent) throw new Error("seed the demo agents first");
    const at = new Date(f.at);
    const [tIn = 0, tCached = 0, tOut = 0, tReason = 0] = f.tokens ?? [];
    const [run] = await db
      .insert(runs)
      .values({
        tenantId,
        agentId: agent.id,
        agentName: f.agent,
        agentVersion: 1,
        agentSnapshotHash: await storeAgentSnapshot(db, tenantId, {
          instructions: "x",
          tools: [],
          maxSteps: 10,
          maxSeconds: 60,
        }),
        model: f.model ?? "sim:default",
        input: f.input ?? "fixture",
        securityAttempts: f.securityAttempts ?? 0,
        invalidCalls: f.invalidCalls ?? 0,
        status: f.status,
        stopReason: f.stopReason ?? null,
        costUsd: f.cost,
        inputTokens: tIn,
        cachedInputTokens: tCached,
        outputTokens: tOut,
        reasoningTokens: tReason,
        traceId: "0".repeat(32),
        createdBy: "test",
        createdAt: at,
        startedAt: f.seconds === undefined ? null : at,
        endedAt: f.seconds === undefined ? null : new Date(at.getTime() + f.seconds * 1000),
      })
      .returning({ id: runs.id });
    if (!run) throw new Error("run not inserted");
    ids.push(run.id);
    let start = at.getTime();
    for (const [i, s] of (f.steps ?? []).entries()) {
      const payload =
        s.kind === "tool"
          ? { toolCallId: `c${i}`, toolName: s.tool, args: {}, status: s.status, result: null, receipt: null }
          : { text: "", toolCalls: [], finishReason: "stop", usage: {}, costUsd: null };
      await db.insert(runSteps).values({
        runId: run.id,
        seq: i + 1,
        turn: 1,
        kind: s.kind,
        payload: payload as never,
        startedAt: new Date(start),
        endedAt: new Date(start + s.ms),
      });
      start += s.ms;
    }
  }
  return ids;
}
