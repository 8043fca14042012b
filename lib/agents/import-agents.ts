import { and, eq } from "drizzle-orm";
import { ZodError, z } from "zod";
import type { Db } from "@/db/client";
import { agents } from "@/db/schema";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import { type AgentFile, agentFileData, agentFileSchema, readAgentFileText } from "./agent-file";
import { createAgent } from "./create-agent";
import { updateAgent } from "./update-agent";

const MAX_FILES = 50;
const MAX_FILE_CHARS = 100_000;

export const importAgentsSchema = z.object({
  files: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(200),
        text: z
          .string()
          .max(MAX_FILE_CHARS, `Keep each file under ${MAX_FILE_CHARS.toLocaleString("en-US")} characters.`),
      }),
    )
    .min(1, "Send at least one agent file.")
    .max(MAX_FILES, `Import at most ${MAX_FILES} files at once.`),
  /** Only check and say what would change. */
  dryRun: z.boolean().optional(),
});

export type ImportOutcome = {
  file: string;
  agent: string;
  action: "created" | "updated" | "unchanged";
  version: number;
};

/**
 * Creates or updates agents from files (YAML or JSON, one agent each). Everything is checked
 * first and applied in one transaction: on any error nothing changes, and the error names the file
 * and the field. An update is a new version whose comment names the file.
 */
export async function importAgents(
  db: Db,
  actor: Actor,
  input: z.input<typeof importAgentsSchema>,
): Promise<{ dryRun: boolean; outcomes: ImportOutcome[] }> {
  assertScope(actor, "agents:write");
  const { files, dryRun = false } = importAgentsSchema.parse(input);
  const parsed = files.map((file) => ({ file: file.name, agent: parseFile(file.name, file.text) }));
  const twice = parsed.find((p, i) => parsed.findIndex((q) => q.agent.name === p.agent.name) !== i);
  if (twice)
    throw new AppError("invalid_input", `${twice.file}: another file also defines ${twice.agent.name}.`, {
      field: "files",
    });
  const outcomes: ImportOutcome[] = [];
  try {
    await db.transaction(async (tx) => {
      const inTx = tx as unknown as Db;
      for (const { file, agent } of parsed) outcomes.push(await apply(inTx, actor, file, agent));
      // A dry run goes through every check the real import makes, then changes nothing.
      if (dryRun) throw new DryRunDone();
    });
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw error;
  }
  return { dryRun, outcomes };
}

class DryRunDone extends Error {}

function parseFile(file: string, text: string): AgentFile {
  const read = readAgentFileText(text);
  if (!read.ok) throw new AppError("invalid_input", `${file}: ${read.error}.`, { field: "files" });
  const data = agentFileData(read.data);
  const result = agentFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join(".") || "the file";
    const missing = issue && issue.path.length > 0 && valueAt(data, issue.path) === undefined;
    const message = missing
      ? "is missing (a file states every field of the agent)"
      : (issue?.message ?? "invalid");
    throw new AppError("invalid_input", `${file}: ${where}: ${message}`, { field: "files" });
  }
  return result.data;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

async function apply(db: Db, actor: Actor, file: string, agentFile: AgentFile): Promise<ImportOutcome> {
  const { kind: _kind, name, ...definition } = agentFile;
  const comment = `Imported from ${file}`.slice(0, 500);
  try {
    const [existing] = await db
      .select()
      .from(agents)
      .where(and(eq(agents.tenantId, actor.tenantId), eq(agents.name, name)));
    if (!existing) {
      const created = await createAgent(db, actor, { name, ...definition, comment });
      return { file, agent: name, action: "created", version: created.version };
    }
    const { agent, changed } = await updateAgent(db, actor, existing.id, {
      ...definition,
      expectedVersion: existing.version,
      comment,
    });
    return {
      file,
      agent: name,
      action: changed.length > 0 ? "updated" : "unchanged",
      version: agent.version,
    };
  } catch (error) {
    if (isAppError(error)) throw new AppError(error.code, `${file}: ${error.message}`, { field: "files" });
    if (error instanceof ZodError)
      throw new AppError("invalid_input", `${file}: ${error.issues[0]?.message ?? "invalid"}`, {
        field: "files",
      });
    throw error;
  }
}
