import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { demoHealth } from "@/db/schema";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import type { AnyTool, ToolContext } from "@/lib/tools/types";

/**
 * Flaky mode, for fault drills: while the demo shop's `flaky_percent` is above 0, that share of demo
 * tool calls fails with a transient error before the tool does anything, so the engine's retries
 * (idempotent tools, same key) and circuit breakers get exercised against the real shop.
 */
export class DemoFlakyError extends Error {
  constructor(tool: string) {
    super(`demo shop flaky mode: simulated transient failure of ${tool}`);
    this.name = "DemoFlakyError";
  }
}

/** How long a process trusts the flaky percent it read: no database round trip per tool call. */
export const FLAKY_CACHE_MS = 2_000;

export type FlakyModeOptions = {
  /** The tenant's flaky percent (0 when the tenant has no demo shop). */
  load: (db: Db, tenantId: string) => Promise<number>;
  /** In [0, 1), like Math.random. */
  random?: () => number;
  now?: () => number;
  cacheMs?: number;
};

export type FlakyMode = {
  /** Throws a DemoFlakyError for the given share of calls; otherwise does nothing. */
  check: (ctx: Pick<ToolContext, "db" | "tenantId">, toolName: string) => Promise<void>;
  /** Drops a tenant's cached percent, so this process sees a change at once. */
  forget: (tenantId: string) => void;
  /** Replaces the random source (tests); returns a function that restores the previous one. */
  useRandom: (random: () => number) => () => void;
};

export function createFlakyMode(options: FlakyModeOptions): FlakyMode {
  const { load, now = Date.now, cacheMs = FLAKY_CACHE_MS } = options;
  let random = options.random ?? Math.random;
  const cache = createTtlCache<number>({ ttlMs: cacheMs, now });

  return {
    async check(ctx, toolName) {
      const percent = await cache.get(ctx.tenantId, () => load(ctx.db, ctx.tenantId));
      if (percent > 0 && random() * 100 < percent) throw new DemoFlakyError(toolName);
    },
    forget: cache.forget,
    useRandom(next) {
      const previous = random;
      random = next;
      return () => {
        random = previous;
      };
    },
  };
}

async function loadFlakyPercent(db: Db, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ percent: demoHealth.flakyPercent })
    .from(demoHealth)
    .where(eq(demoHealth.tenantId, tenantId));
  return row?.percent ?? 0;
}

/** This process's flaky mode, read from the demo shop's health row. */
export const demoFlakyMode = createFlakyMode({ load: loadFlakyPercent });

/** The tool with the flaky check in front of its effect. */
export function withFlakyMode(tool: AnyTool, mode: FlakyMode = demoFlakyMode): AnyTool {
  return {
    ...tool,
    async execute(args, ctx) {
      await mode.check(ctx, tool.name);
      return tool.execute(args, ctx);
    },
  };
}
