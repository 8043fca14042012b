import { createRequire } from "node:module";

type Cedar = typeof import("@cedar-policy/cedar-wasm/nodejs");

const CEDAR = "@cedar-policy/cedar-wasm/nodejs";
const load = createRequire(import.meta.url);
let current = load(CEDAR) as Cedar;
let generation = 0;

/**
 * The Cedar WebAssembly module in use. A fault inside it (an out-of-bounds access, a stack
 * overflow) leaves that instance broken for every later call, so the engine is replaced rather
 * than trusted again: everything loaded into the old one (schema, policy sets) is loaded anew.
 */
export const cedar = (): Cedar => current;

/** Grows with every restart: what was loaded into Cedar under an older generation is gone. */
export const cedarGeneration = (): number => generation;

/** A fresh instance of the module (its JS glue instantiates the WebAssembly when required). */
export function restartCedar(): void {
  delete load.cache[load.resolve(CEDAR)];
  current = load(CEDAR) as Cedar;
  generation += 1;
}

/** Whether an error came from inside the WebAssembly (the instance can no longer be trusted). */
export function isCedarFault(error: unknown): boolean {
  return (
    error instanceof WebAssembly.RuntimeError ||
    (error instanceof RangeError && /call stack/i.test(error.message))
  );
}

/** A policy compiled into an instance that has since been replaced: compile it again and retry. */
export class CedarRestartedError extends Error {
  constructor() {
    super("The policy engine was restarted since this policy was loaded.");
    this.name = "CedarRestartedError";
  }
}

/** No decision could be made: the run stops (`policy_unavailable`); a call is never allowed by default. */
export class PolicyUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The policy engine could not decide: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "PolicyUnavailableError";
  }
}
