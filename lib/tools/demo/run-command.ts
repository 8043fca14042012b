import { eq } from "drizzle-orm";
import { z } from "zod";
import { demoFiles } from "@/db/schema";
import { sha256Hex } from "@/lib/sha256";
import type { ToolDefinition } from "@/lib/tools/types";
import { ALLOWED_COMMANDS, parseCommandLine } from "./command-line";
import { execInWorkspace } from "./exec-in-workspace";
import { commandTarget } from "./policy/targets";

const MAX_STREAM_CHARS = 8_000;

const input = z
  .object({
    command: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .describe(
        `A command line such as "df -h" or "cat runbooks/oncall.md". Allowed programs: ${ALLOWED_COMMANDS.join(", ")}.`,
      ),
  })
  .strict();

export type CommandOutput = { exit_code: number; stdout: string; stderr: string };

const clip = (text: string) =>
  text.length > MAX_STREAM_CHARS
    ? `${text.slice(0, MAX_STREAM_CHARS)}\n… (${text.length - MAX_STREAM_CHARS} more characters)`
    : text;

export const runCommand: ToolDefinition<typeof input, CommandOutput> = {
  name: "run_command",
  policy: commandTarget,
  version: 1,
  description: `Runs a diagnostic command in a scratch copy of the team's workspace and returns its exit code and output. There is no shell (no pipes, quotes, globs or redirection); allowed programs: ${ALLOWED_COMMANDS.join(", ")}, with their read-only options; file arguments must be relative paths inside the workspace.`,
  input,
  risk: () => "write",
  timeoutMs: 15_000,
  // It runs on a throw-away copy of the workspace with read-only programs: running it again changes nothing.
  idempotent: true,
  async execute({ command }, ctx) {
    const { file, args } = parseCommandLine(command);
    ctx.signal.throwIfAborted();
    const files = await ctx.db
      .select({ path: demoFiles.path, content: demoFiles.content })
      .from(demoFiles)
      .where(eq(demoFiles.tenantId, ctx.tenantId));
    const result = await execInWorkspace({ file, args, files, signal: ctx.signal });
    return {
      output: { exit_code: result.exitCode, stdout: clip(result.stdout), stderr: clip(result.stderr) },
      // The hash covers the full, unclipped stdout followed by stderr.
      receipt: {
        command: [file, ...args].join(" "),
        exit_code: result.exitCode,
        output_sha256: sha256Hex(result.stdout + result.stderr),
      },
    };
  },
};
