import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import type { AnyTool } from "@/lib/tools/types";
import { createFlakyMode, DemoFlakyError, FLAKY_CACHE_MS, withFlakyMode } from "./flaky";

const db = {} as Db;
const ctx = (tenantId = "t1") => ({ db, tenantId });

/** A flaky mode over a fake store of percents, a fixed sequence of random numbers and a settable clock. */
function harness(percents: Record<string, number>, randoms: number[] = []) {
  const clock = { now: 0 };
  const loads: string[] = [];
  const mode = createFlakyMode({
    load: async (_db, tenantId) => {
      loads.push(tenantId);
      return percents[tenantId] ?? 0;
    },
    random: () => randoms.shift() ?? 0.5,
    now: () => clock.now,
  });
  return { mode, loads, clock, percents };
}

describe("demo flaky mode", () => {
  it("does nothing when off, and reads the percent once per tenant per cache period", async () => {
    const { mode, loads, clock } = harness({ t1: 0 });
    for (let i = 0; i < 50; i++) await mode.check(ctx(), "get_order");
    expect(loads).toEqual(["t1"]);
    clock.now += FLAKY_CACHE_MS - 1;
    await mode.check(ctx(), "get_order");
    expect(loads).toHaveLength(1);
    clock.now += 1;
    await mode.check(ctx(), "get_order");
    expect(loads).toEqual(["t1", "t1"]);
    await mode.check(ctx("t2"), "get_order");
    expect(loads).toEqual(["t1", "t1", "t2"]);
  });

  it("shares one read among concurrent calls", async () => {
    const { mode, loads } = harness({ t1: 0 });
    await Promise.all(Array.from({ length: 10 }, () => mode.check(ctx(), "get_order")));
    expect(loads).toEqual(["t1"]);
  });

  it("fails that share of calls with a transient DemoFlakyError naming the tool", async () => {
    // 30 %: random numbers below 0.3 fail.
    const { mode } = harness({ t1: 30 }, [0, 0.29, 0.3, 0.99]);
    const outcomes = [];
    for (let i = 0; i < 4; i++)
      outcomes.push(
        await mode.check(ctx(), "search_kb").then(
          () => "ok",
          (error: Error) => error,
        ),
      );
    expect(outcomes.slice(2)).toEqual(["ok", "ok"]);
    for (const error of outcomes.slice(0, 2)) {
      expect(error).toBeInstanceOf(DemoFlakyError);
      expect(error).toMatchObject({
        name: "DemoFlakyError",
        message: "demo shop flaky mode: simulated transient failure of search_kb",
      });
    }
  });

  it("fails every call at 100 %", async () => {
    const { mode } = harness({ t1: 100 }, [0.999999]);
    await expect(mode.check(ctx(), "get_ticket")).rejects.toThrow(DemoFlakyError);
  });

  it("sees a change at once after forget, and swaps the random source for tests", async () => {
    const { mode, percents } = harness({ t1: 0 });
    await mode.check(ctx(), "get_order");
    percents.t1 = 50;
    await mode.check(ctx(), "get_order"); // still cached as 0
    mode.forget("t1");
    const restore = mode.useRandom(() => 0.1);
    await expect(mode.check(ctx(), "get_order")).rejects.toThrow(DemoFlakyError);
    restore();
    await mode.check(ctx(), "get_order"); // back to the harness's 0.5: not below 50 %
  });

  it("does not cache a failed read", async () => {
    let fail = true;
    const mode = createFlakyMode({
      load: async () => {
        if (fail) throw new Error("connection reset");
        return 0;
      },
    });
    await expect(mode.check(ctx(), "get_order")).rejects.toThrow("connection reset");
    fail = false;
    await expect(mode.check(ctx(), "get_order")).resolves.toBeUndefined();
  });

  it("wraps a tool: the check runs before the tool's effect", async () => {
    const { mode } = harness({ t1: 100 });
    let effects = 0;
    const tool = {
      name: "update_ticket",
      execute: async () => {
        effects++;
        return { output: "done", receipt: {} };
      },
    } as unknown as AnyTool;
    const wrapped = withFlakyMode(tool, mode);
    expect(wrapped.name).toBe("update_ticket");
    await expect(wrapped.execute({}, ctx() as never)).rejects.toThrow(DemoFlakyError);
    expect(effects).toBe(0);
    mode.forget("t1");
    const healthy = withFlakyMode(tool, harness({ t1: 0 }).mode);
    await expect(healthy.execute({}, ctx() as never)).resolves.toEqual({ output: "done", receipt: {} });
    expect(effects).toBe(1);
  });
});
