import { applyPatch, parsePatch, reversePatch } from "diff";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { demoFiles } from "@/db/schema";
import { sha256Hex } from "@/lib/sha256";
import {
  type CompensationContext,
  type Receipt,
  type ToolDefinition,
  ToolInputError,
} from "@/lib/tools/types";
import { unifiedDiff } from "./file-diff";
import { fileTarget } from "./policy/targets";
import { workspacePath } from "./workspace-path";

const MAX_CONTENT_CHARS = 200_000;
/** When the diff is cut short, the receipt keeps a previous content up to this size so undo can restore it. */
const MAX_KEPT_BEFORE_CHARS = 20_000;

/** A diff that was neither truncated nor skipped restores the previous content exactly. */
const isCompleteDiff = (diff: string) =>
  !diff.endsWith("(truncated)\n") && !diff.startsWith("(diff not computed");

const lockPath = (tenantId: string, path: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`demo_files:${tenantId}:${path}`}, 0))`;

const input = z
  .object({
    path: z
      .string()
      .max(200)
      .describe(
        'Path of the file inside the workspace, relative, e.g. "incidents/2025-01-31-health-check.md".',
      ),
    content: z
      .string()
      .max(MAX_CONTENT_CHARS)
      .describe("The full new content of the file (it replaces any existing content)."),
  })
  .strict();

export type WriteFileOutput = { path: string; bytes: number; sha256: string };

export const writeFile: ToolDefinition<typeof input, WriteFileOutput> = {
  name: "write_file",
  policy: fileTarget,
  version: 1,
  description:
    "Creates or replaces a text file in the team's workspace (runbooks/, incidents/, ...). Paths are relative to the workspace; absolute paths and .. are refused.",
  input,
  risk: () => "write",
  timeoutMs: 10_000,
  // A retry would record the file's new content as the "before", so undo could not restore it.
  idempotent: false,
  async execute(args, ctx) {
    const path = workspacePath(args.path);
    ctx.signal.throwIfAborted();
    return ctx.db.transaction(async (tx) => {
      // A row lock cannot cover a file that does not exist yet: lock the path itself, so two writes
      // of a new file cannot both record "no file before".
      await tx.execute(lockPath(ctx.tenantId, path));
      const [existing] = await tx
        .select({ content: demoFiles.content })
        .from(demoFiles)
        .where(and(eq(demoFiles.tenantId, ctx.tenantId), eq(demoFiles.path, path)));
      ctx.signal.throwIfAborted();
      await tx
        .insert(demoFiles)
        .values({ tenantId: ctx.tenantId, path, content: args.content, writtenByAgent: true })
        .onConflictDoUpdate({
          target: [demoFiles.tenantId, demoFiles.path],
          set: { content: args.content, writtenByAgent: true, updatedAt: sql`now()` },
        });
      const before = existing?.content ?? null;
      const sha256After = sha256Hex(args.content);
      const diff = unifiedDiff(path, before, args.content);
      // What undo needs when the diff alone cannot restore the file.
      const kept: Receipt =
        before !== null && !isCompleteDiff(diff) && before.length <= MAX_KEPT_BEFORE_CHARS
          ? { content_before: before }
          : {};
      return {
        output: { path, bytes: Buffer.byteLength(args.content, "utf8"), sha256: sha256After },
        receipt: {
          path,
          sha256_before: before === null ? null : sha256Hex(before),
          sha256_after: sha256After,
          diff,
          ...kept,
        },
      };
    });
  },
  compensate: restoreFile,
};

export type RestoreFileOutput = {
  path: string;
  restored: "previous_content" | "deleted";
  sha256: string | null;
};

/** The previous content from the receipt: kept as is, or the diff applied backwards to the current content. */
function previousContent(receipt: Receipt, current: string, path: string): string {
  if (typeof receipt.content_before === "string") return receipt.content_before;
  const diff = String(receipt.diff ?? "");
  const [patch] = isCompleteDiff(diff) ? parsePatch(diff) : [];
  const restored = patch ? applyPatch(current, reversePatch(patch)) : false;
  if (restored === false || sha256Hex(restored) !== receipt.sha256_before)
    throw new ToolInputError(
      `The receipt of this write to ${path} does not hold enough to restore the previous content exactly (its diff was cut short): restore it by hand and mark it as reverted manually.`,
    );
  return restored;
}

/**
 * Undo of a file write: the previous content back (or the file removed when the write created it).
 * Refused when the file changed since the write (its hash differs from the receipt's `sha256_after`).
 */
async function restoreFile(receipt: Receipt, ctx: CompensationContext) {
  const path = workspacePath(String(receipt.path ?? ""));
  const before = receipt.sha256_before === null ? null : String(receipt.sha256_before ?? "");
  ctx.signal.throwIfAborted();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(lockPath(ctx.tenantId, path));
    const where = and(eq(demoFiles.tenantId, ctx.tenantId), eq(demoFiles.path, path));
    const [file] = await tx.select({ content: demoFiles.content }).from(demoFiles).where(where);
    const current = file ? sha256Hex(file.content) : null;
    const done = (): { output: RestoreFileOutput; receipt: Receipt } => {
      const output: RestoreFileOutput = {
        path,
        restored: before === null ? "deleted" : "previous_content",
        sha256: before,
      };
      return { output, receipt: { ...output, sha256_before: String(receipt.sha256_after) } };
    };
    // A retry after the restore committed finds the file as it was before the write.
    if (current === before) return done();
    if (!file || current !== receipt.sha256_after)
      throw new ToolInputError(
        `${path} changed since this write (${file ? "its content differs" : "it was deleted"}): restoring the previous content would overwrite that change.`,
      );
    ctx.signal.throwIfAborted();
    if (before === null) {
      await tx.delete(demoFiles).where(where);
    } else {
      const content = previousContent(receipt, file.content, path);
      // Whoever wrote the content before, it is no agent's write since: overwriting it asks again.
      await tx.update(demoFiles).set({ content, writtenByAgent: false, updatedAt: sql`now()` }).where(where);
    }
    return done();
  });
}
