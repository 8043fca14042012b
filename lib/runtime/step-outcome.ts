import type { RunEnding } from "./persist-step";

/** The run goes on to its next step. */
export const CONTINUE = Symbol("continue");
/** The committed step carried the run's ending: nothing is left to write. */
export const ENDED = Symbol("ended");
/** The run waits for a person: stored as waiting_approval (a question: waiting_input); no process holds it. */
export const PARKED = Symbol("parked");

/**
 * What a step leaves the run with: go on, an ending still to write, already ended, or parked.
 * Symbols rather than objects: the step path allocates nothing to say "go on".
 */
export type StepOutcome = typeof CONTINUE | typeof ENDED | typeof PARKED | RunEnding;

/** The run's time limit passed during a call: the run ends `budget_time`, whatever the call was doing. */
export class RunDeadlineError extends Error {
  constructor() {
    super("The run's time limit passed during a call.");
    this.name = "RunDeadlineError";
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
