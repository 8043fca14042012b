import { describe, expect, it } from "vitest";
import { createTtlCache } from "./ttl-cache";

function harness() {
  const clock = { now: 0 };
  const cache = createTtlCache<number>({ ttlMs: 100, now: () => clock.now });
  let loads = 0;
  const load = (value: number) => async () => {
    loads++;
    return value;
  };
  return { clock, cache, load, loads: () => loads };
}

describe("ttl cache", () => {
  it("reads a key once per period and again after it", async () => {
    const { clock, cache, load, loads } = harness();
    expect(await cache.get("a", load(1))).toBe(1);
    clock.now = 99;
    expect(await cache.get("a", load(2))).toBe(1);
    expect(loads()).toBe(1);
    clock.now = 100;
    expect(await cache.get("a", load(2))).toBe(2);
    expect(await cache.get("b", load(3))).toBe(3);
    expect(loads()).toBe(3);
  });

  it("shares the read in flight among concurrent callers", async () => {
    const { cache, load, loads } = harness();
    expect(await Promise.all([cache.get("a", load(1)), cache.get("a", load(2))])).toEqual([1, 1]);
    expect(loads()).toBe(1);
  });

  it("does not keep a failed read, and forgets a key on demand", async () => {
    const { cache, load, loads } = harness();
    await expect(cache.get("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("a", load(1))).toBe(1);
    cache.forget("a");
    expect(await cache.get("a", load(2))).toBe(2);
    expect(loads()).toBe(2);
  });
});
