import type { KillScope } from "@/db/schema";

/** What the engine needs to know of an engaged switch. */
export type EngagedSwitch = {
  id: string;
  scope: KillScope;
  tenantId: string | null;
  target: string | null;
  reason: string;
  engagedBy: string;
};

export const KILL_CHANNEL = "flightdeck_kill";

/** The abort reason of a run stopped by a kill switch: unlike a worker shutdown, it ends the run. */
export class KilledError extends Error {
  constructor(readonly killSwitch: EngagedSwitch) {
    super(killMessage(killSwitch));
    this.name = "KilledError";
  }
}

/** Raised where a run meets a hold: it stops at this step boundary and waits, paused, for the release. */
export class RunHeldError extends Error {
  constructor(readonly killSwitch: EngagedSwitch) {
    super(`Held by ${killMessage(killSwitch)}`);
    this.name = "RunHeldError";
  }
}

export const killMessage = (s: Pick<EngagedSwitch, "engagedBy" | "reason">) =>
  `Stopped by ${s.engagedBy}: ${s.reason}`;
