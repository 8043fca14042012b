import { z } from "zod";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { timestamp } from "@/lib/http/json-shapes";

export const apiKeyJson = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.string(),
  acts_as: z
    .string()
    .nullable()
    .describe(
      "The role the key acts with now: its own, at most its creator's current role; null when its creator is no longer a member (the key is refused).",
    ),
  purpose: z.string(),
  created_at: timestamp,
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
});

/** The API's view of a key: never the key itself, which only its creation answers. */
export const toApiKeyJson = (k: ApiKeySummary): z.input<typeof apiKeyJson> => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  acts_as: k.actsAs,
  purpose: k.purpose,
  created_at: k.createdAt,
  last_used_at: k.lastUsedAt,
  revoked_at: k.revokedAt,
});

/** A new key: the plain key is in this answer only. */
export const createdApiKeyJson = z.object({ id: z.string(), key: z.string() });
