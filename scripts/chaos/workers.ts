import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

export type ChaosWorker = {
  index: number;
  /** The engine process under the worker's supervisor (the one faults hit), if one is running. */
  enginePid: () => Promise<number | null>;
  /** The supervisor is up and has an engine running. */
  alive: () => Promise<boolean>;
  stop: () => Promise<void>;
};

/** `npm run worker` as a user starts it (supervisor and engine), its output kept in the drill's folder. */
export async function startWorker(
  dir: string,
  index: number,
  env: Record<string, string>,
): Promise<ChaosWorker> {
  const out = createWriteStream(path.join(dir, `worker-${index}.log`));
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "scripts/worker.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const enginePid = async () => {
    if (!child.pid) return null;
    const { stdout } = await run("pgrep", ["-P", String(child.pid)]).catch(() => ({ stdout: "" }));
    const pid = Number(stdout.trim().split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  };
  // Ready once its engine process exists.
  for (let i = 0; i < 200 && (await enginePid()) === null; i++) await new Promise((r) => setTimeout(r, 100));
  return {
    index,
    enginePid,
    alive: async () => child.exitCode === null && child.signalCode === null && (await enginePid()) !== null,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      out.end();
    },
  };
}
