import { and, asc, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { evalCases, evalSuites } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { hasUnstorableText } from "@/lib/http/unstorable-text";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { type EvalSuite, evalCaseSchema, SUITE_FORMAT } from "./case-schema";
import { parseSuite } from "./load-suite";
import { redactCase } from "./redact-evals";

/**
 * Imports a suite file into the tenant: a new suite, or the suite of that name with its cases replaced
 * (the results of its earlier runs stay, no longer linked to a case that went). Audited.
 */
export async function importSuite(db: Db, actor: Actor, input: unknown) {
  assertScope(actor, "evals:write");
  const suite = parseFile(input);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: evalSuites.id })
      .from(evalSuites)
      .where(and(eq(evalSuites.tenantId, actor.tenantId), eq(evalSuites.name, suite.name)))
      .for("update");
    const [row] = existing
      ? await tx
          .update(evalSuites)
          .set({ description: suite.description ?? "", updatedAt: new Date() })
          .where(eq(evalSuites.id, existing.id))
          .returning()
      : await tx
          .insert(evalSuites)
          .values({
            tenantId: actor.tenantId,
            name: suite.name,
            description: suite.description ?? "",
            createdBy: actor.label,
          })
          .returning();
    if (!row) throw new Error("The suite was not stored.");
    if (existing) await tx.delete(evalCases).where(eq(evalCases.suiteId, row.id));
    await tx.insert(evalCases).values(
      suite.cases.map((c, position) => ({
        tenantId: actor.tenantId,
        suiteId: row.id,
        name: c.name,
        position,
        definition: c,
      })),
    );
    await recordAudit(tx, actor, {
      action: "eval_suite.imported",
      targetType: "eval_suite",
      targetId: row.id,
      details: { name: suite.name, cases: suite.cases.length, replaced: Boolean(existing) },
    });
    return { suite: row, cases: suite.cases.length, replaced: Boolean(existing) };
  });
}

// The file's own checks, with its problems as one readable 400.
function parseFile(input: unknown): EvalSuite {
  try {
    return parseSuite(JSON.stringify(input), "The suite");
  } catch (error) {
    throw new AppError("invalid_input", (error as Error).message);
  }
}

/** The tenant's suite of that name; another tenant's is "not found". */
export async function suiteByName(db: DbOrTx, actor: Actor, name: string) {
  assertScope(actor, "evals:read");
  // A name PostgreSQL could not store (a NUL in a page's URL) names no suite.
  const [suite] = hasUnstorableText(name)
    ? []
    : await db
        .select()
        .from(evalSuites)
        .where(and(eq(evalSuites.tenantId, actor.tenantId), eq(evalSuites.name, name)));
  if (!suite) throw new AppError("not_found", `No eval suite named "${name}" in this tenant.`);
  return suite;
}

/** The suite's cases in the file's order. */
export async function casesOf(db: DbOrTx, actor: Actor, suiteId: string) {
  assertScope(actor, "evals:read");
  return db
    .select()
    .from(evalCases)
    .where(and(eq(evalCases.tenantId, actor.tenantId), eq(evalCases.suiteId, suiteId)))
    .orderBy(asc(evalCases.position));
}

/** The suite as a file: the same format as lib/evals/suites/*.json, so it can be kept in git. */
export async function exportSuite(db: DbOrTx, actor: Actor, name: string): Promise<EvalSuite> {
  const suite = await suiteByName(db, actor, name);
  const cases = await casesOf(db, actor, suite.id);
  const redactor = await redactorFor(db, actor);
  return {
    format: SUITE_FORMAT,
    name: suite.name,
    ...(suite.description && { description: suite.description }),
    cases: cases.map((c) => {
      const testCase = evalCaseSchema.parse(c.definition);
      return redactor ? redactCase(testCase, redactor) : testCase;
    }),
  };
}

/** The names of the tenant's suites, for the "Save as test case" form. */
export async function suiteNames(db: DbOrTx, actor: Actor): Promise<string[]> {
  assertScope(actor, "evals:read");
  const rows = await db
    .select({ name: evalSuites.name })
    .from(evalSuites)
    .where(eq(evalSuites.tenantId, actor.tenantId))
    .orderBy(asc(evalSuites.name));
  return rows.map((row) => row.name);
}
