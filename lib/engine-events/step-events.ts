import { database } from "@/db/client";
import { STEPS_CHANNEL } from "./run-channels";

export type StepEvent = { tenantId: string; runId: string; seq: number };
type Listener = (event: StepEvent) => void;

const globalHub = globalThis as unknown as { flightdeckStepHub?: StepHub };

/**
 * One LISTEN per process on the step channel, fanned out to every live reader (SSE streams).
 * A notification only says "run R has steps up to S"; readers fetch the steps themselves by cursor.
 */
class StepHub {
  private listeners = new Set<Listener>();
  private listening: Promise<unknown> | undefined;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.listening ??= database().sql.listen(STEPS_CHANNEL, (payload) => this.dispatch(payload));
    return () => this.listeners.delete(listener);
  }

  /** Resolves once LISTEN is in place, so a reader that subscribed misses nothing afterwards. */
  ready(): Promise<unknown> {
    return this.listening ?? Promise.resolve();
  }

  // A notification carries one or more "tenant:run:seq" entries, comma-separated.
  private dispatch(payload: string) {
    for (const entry of payload.split(",")) {
      const [tenantId = "", runId = "", seq = "0"] = entry.split(":");
      const event = { tenantId, runId, seq: Number(seq) };
      for (const listener of this.listeners) listener(event);
    }
  }
}

export function stepHub(): StepHub {
  globalHub.flightdeckStepHub ??= new StepHub();
  return globalHub.flightdeckStepHub;
}
