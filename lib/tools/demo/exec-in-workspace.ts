import { type ExecFileException, execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ToolInputError } from "@/lib/tools/types";
import { workspacePath } from "./workspace-path";

const COMMAND_TIMEOUT_MS = 5_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;
// Only system binaries, and none of the app's environment (DATABASE_URL, keys) reaches the child.
const CHILD_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: "production",
  PATH: "/usr/bin:/bin",
  LC_ALL: "C",
  TZ: "UTC",
};

type Run = {
  file: string;
  args: string[];
  files: { path: string; content: string }[];
  signal: AbortSignal;
  timeoutMs?: number;
};
export type ExecResult = { exitCode: number; stdout: string; stderr: string };

/** Runs the program without a shell in a temporary folder holding the files; the folder is removed afterwards. */
export async function execInWorkspace(run: Run): Promise<ExecResult> {
  const dir = await mkdtemp(join(tmpdir(), "flightdeck-workspace-"));
  try {
    for (const file of run.files) {
      const path = safePath(file.path);
      if (!path) continue;
      // A temporary folder, not project files: keeps Next's file tracing from bundling the whole project.
      const target = join(/*turbopackIgnore: true*/ dir, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    run.signal.throwIfAborted();
    return await exec(run.file, run.args, dir, run.signal, run.timeoutMs ?? COMMAND_TIMEOUT_MS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function safePath(path: string): string | null {
  try {
    return workspacePath(path);
  } catch {
    return null;
  }
}

function exec(
  file: string,
  args: string[],
  cwd: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<ExecResult> {
  const command = [file, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd,
        env: CHILD_ENV,
        timeout: timeoutMs,
        maxBuffer: MAX_OUTPUT_BYTES,
        signal,
        encoding: "utf8",
        windowsHide: true,
      },
      (error: ExecFileException | null, stdout: string, stderr: string) => {
        if (signal.aborted) return reject(signal.reason);
        if (!error) return resolve({ exitCode: 0, stdout, stderr });
        if (error.code === "ENOENT")
          return resolve({ exitCode: 127, stdout: "", stderr: `${file}: command not found\n` });
        if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
          return reject(
            new ToolInputError(
              `"${command}" printed more than ${MAX_OUTPUT_BYTES / 1024} KB and was stopped.`,
            ),
          );
        }
        if (error.killed) {
          return reject(
            new ToolInputError(`"${command}" did not finish within ${timeoutMs / 1000} s and was stopped.`),
          );
        }
        if (typeof error.code === "number") return resolve({ exitCode: error.code, stdout, stderr });
        reject(error);
      },
    );
    // No program here needs input; a closed stdin keeps e.g. a bare `cat` from waiting forever.
    child.stdin?.end();
  });
}
