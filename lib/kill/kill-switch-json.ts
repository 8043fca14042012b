import type { KillSwitch } from "@/db/schema";

/** The API's view of a switch: snake_case, stable. */
export const killSwitchJson = (s: KillSwitch) => ({
  id: s.id,
  scope: s.scope,
  target: s.target,
  reason: s.reason,
  engaged_by: s.engagedBy,
  engaged_at: s.engagedAt.toISOString(),
  released_by: s.releasedBy,
  released_at: s.releasedAt?.toISOString() ?? null,
  release_reason: s.releaseReason,
});
