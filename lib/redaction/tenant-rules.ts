import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { redactionRules } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope, can } from "@/lib/auth/actor";
import {
  compileRedactor,
  DEFAULT_REDACTION_RULES,
  PERSONAL_DATA_TYPES,
  patternProblem,
  type RedactionRules,
  type Redactor,
} from "./personal-data";

/** The tenant's rules, or the default (every kind of personal data, no patterns of its own). */
export async function getRedactionRules(db: DbOrTx, tenantId: string): Promise<RedactionRules> {
  const [row] = await db
    .select({ types: redactionRules.types, patterns: redactionRules.patterns })
    .from(redactionRules)
    .where(eq(redactionRules.tenantId, tenantId));
  if (!row) return DEFAULT_REDACTION_RULES;
  return {
    types: PERSONAL_DATA_TYPES.filter((type) => row.types.includes(type)),
    patterns: row.patterns,
  };
}

/**
 * What the actor's views of runs pass their free text through: null for people who may read
 * payloads, the tenant's rules for everyone else (viewers).
 */
export async function redactorFor(db: DbOrTx, actor: Actor): Promise<Redactor | null> {
  if (can(actor, "payloads:read")) return null;
  return compileRedactor(await getRedactionRules(db, actor.tenantId));
}

export const redactionRulesSchema = z.object({
  types: z.array(z.enum(PERSONAL_DATA_TYPES, { error: "Unknown kind of personal data." })).max(10),
  patterns: z
    .array(
      z
        .string()
        .trim()
        .min(1, "A pattern cannot be empty.")
        .max(200, "Keep each pattern under 200 characters."),
    )
    .max(20, "At most 20 patterns.")
    .superRefine((patterns, context) => {
      for (const [index, pattern] of patterns.entries()) {
        const problem = patternProblem(pattern);
        if (problem) context.addIssue({ code: "custom", path: [index], message: `"${pattern}": ${problem}` });
      }
    }),
});

/** Sets what viewers never see (admins); audited as `redaction.updated`. */
export async function setRedactionRules(
  db: Db,
  actor: Actor,
  input: z.input<typeof redactionRulesSchema>,
): Promise<RedactionRules> {
  assertScope(actor, "redaction:manage");
  const rules = redactionRulesSchema.parse(input);
  const types = PERSONAL_DATA_TYPES.filter((type) => rules.types.includes(type));
  await db.transaction(async (tx) => {
    const before = await getRedactionRules(tx, actor.tenantId);
    await tx
      .insert(redactionRules)
      .values({ tenantId: actor.tenantId, types, patterns: rules.patterns, updatedBy: actor.label })
      .onConflictDoUpdate({
        target: redactionRules.tenantId,
        set: { types, patterns: rules.patterns, updatedBy: actor.label, updatedAt: new Date() },
      });
    await recordAudit(tx, actor, {
      action: "redaction.updated",
      targetType: "tenant",
      targetId: actor.tenantId,
      // The patterns themselves may name what they hide: only how many are logged.
      details: {
        types: { from: before.types, to: types },
        patterns: { from: before.patterns.length, to: rules.patterns.length },
      },
    });
  });
  return { types, patterns: rules.patterns };
}
