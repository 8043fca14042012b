import { z } from "zod";
import type { KillSwitch } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";

export const killSwitchShape = z.object({
  id: z.string(),
  scope: z.string(),
  target: z.string().nullable(),
  reason: z.string(),
  engaged_by: z.string(),
  engaged_at: timestamp,
  released_by: z.string().nullable(),
  released_at: timestamp.nullable(),
  release_reason: z.string().nullable(),
});

/** The API's view of a switch: snake_case, stable. */
export const killSwitchJson = (s: KillSwitch): z.input<typeof killSwitchShape> => ({
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
