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

/** A paused agent or a frozen tenant holds its runs (they resume on release); the others end them. */
export const isHold = (s: Pick<EngagedSwitch, "scope">): boolean =>
  s.scope === "agent" || s.scope === "tenant";

/** Raised where a run meets a hold: it stops at this step boundary and waits, paused, for the release. */
export class RunHeldError extends Error {
  constructor(readonly killSwitch: EngagedSwitch) {
    super(`Held by ${killMessage(killSwitch)}`);
    this.name = "RunHeldError";
  }
}

export const killMessage = (s: Pick<EngagedSwitch, "engagedBy" | "reason">) =>
  `Stopped by ${s.engagedBy}: ${s.reason}`;

/** Whether the switch covers a run of this agent in this tenant. */
export function covers(s: EngagedSwitch, run: { id: string; agentId: string; tenantId: string }): boolean {
  switch (s.scope) {
    case "global":
      return true;
    case "tenant":
      return s.tenantId === run.tenantId;
    case "agent":
      return s.tenantId === run.tenantId && s.target === run.agentId;
    case "run":
      return s.tenantId === run.tenantId && s.target === run.id;
  }
}
