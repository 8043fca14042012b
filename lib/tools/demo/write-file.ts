import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { demoFiles } from "@/db/schema";
import type { ToolDefinition } from "@/lib/tools/types";
import { unifiedDiff } from "./file-diff";
import { sha256Hex } from "./sha256";
import { workspacePath } from "./workspace-path";

const MAX_CONTENT_CHARS = 200_000;

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
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`demo_files:${ctx.tenantId}:${path}`}, 0))`,
      );
      const [existing] = await tx
        .select({ content: demoFiles.content })
        .from(demoFiles)
        .where(and(eq(demoFiles.tenantId, ctx.tenantId), eq(demoFiles.path, path)));
      ctx.signal.throwIfAborted();
      await tx
        .insert(demoFiles)
        .values({ tenantId: ctx.tenantId, path, content: args.content })
        .onConflictDoUpdate({
          target: [demoFiles.tenantId, demoFiles.path],
          set: { content: args.content, updatedAt: sql`now()` },
        });
      const before = existing?.content ?? null;
      const sha256After = sha256Hex(args.content);
      return {
        output: { path, bytes: Buffer.byteLength(args.content, "utf8"), sha256: sha256After },
        receipt: {
          path,
          sha256_before: before === null ? null : sha256Hex(before),
          sha256_after: sha256After,
          diff: unifiedDiff(path, before, args.content),
        },
      };
    });
  },
};
