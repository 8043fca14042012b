import { canonicalJson } from "@/lib/canonical-json";
import { sha256Hex } from "@/lib/sha256";

/** The same tool with the same arguments this many times in one run ends it as a loop. */
export const LOOP_LIMIT = 3;

// Canonical JSON: key order must not matter, `{a,b}` and `{b,a}` are the same call.
export const toolCallKey = (toolName: string, args: unknown): string =>
  `${toolName}:${sha256Hex(canonicalJson(args)).slice(0, 32)}`;

/** This many tool results in a row that bring nothing new (each seen before in the run) is a loop too. */
export const NO_PROGRESS_LIMIT = 5;

/**
 * Counts identical calls, and tool results that repeat earlier ones; rebuilt from the run's
 * committed tool steps on resume.
 */
export class LoopGuard {
  private counts = new Map<string, number>();
  private seenResults = new Set<string>();
  private staleStreak = 0;

  recordResult(result: unknown): void {
    const key = sha256Hex(canonicalJson(result));
    if (this.seenResults.has(key)) this.staleStreak += 1;
    else {
      this.seenResults.add(key);
      this.staleStreak = 0;
    }
  }

  /** Whether the last tool results brought nothing new for `limit` steps in a row. */
  stalled(limit = NO_PROGRESS_LIMIT): boolean {
    return this.staleStreak >= limit;
  }

  record(toolName: string, args: unknown): void {
    const key = toolCallKey(toolName, args);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Whether running this call would make it the LOOP_LIMIT-th identical one. */
  wouldLoop(toolName: string, args: unknown, limit = LOOP_LIMIT): boolean {
    return (this.counts.get(toolCallKey(toolName, args)) ?? 0) + 1 >= limit;
  }
}
