import type { ApiKeySummary } from "@/lib/api-keys/api-keys";

/** The API's view of a key: never the key itself, which only its creation answers. */
export const toApiKeyJson = (k: ApiKeySummary) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  role: k.role,
  purpose: k.purpose,
  created_at: k.createdAt,
  last_used_at: k.lastUsedAt,
  revoked_at: k.revokedAt,
});
