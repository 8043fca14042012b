import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export type StartupFigures = { firstStartSeconds: number; restartSeconds: number; idleMemoryMb: number };

/**
 * Time from `npm start` (app already built) to a healthy /api/health, on a fresh data folder and
 * again on the same folder; then the resident memory of the server and its embedded PostgreSQL at idle.
 */
export async function measureStartup(port = 3290): Promise<StartupFigures> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "flightdeck-bench-"));
  try {
    const first = await startAndWait(dataDir, port);
    await stop(first.child);
    const second = await startAndWait(dataDir, port);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idleMemoryMb = (await treePssKb(second.child.pid ?? 0)) / 1024;
    await stop(second.child);
    return { firstStartSeconds: first.seconds, restartSeconds: second.seconds, idleMemoryMb };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startAndWait(dataDir: string, port: number) {
  const started = performance.now();
  const { DATABASE_URL: _ignored, ...environment } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...environment, FLIGHTDECK_DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Flightdeck exited with ${child.exitCode} before it was healthy`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { child, seconds: (performance.now() - started) / 1000 };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

/**
 * Memory of a process and all its descendants (the embedded PostgreSQL's processes included), as
 * PSS: each shared page is divided among the processes that map it, so PostgreSQL's shared
 * buffers count once rather than once per backend as a plain RSS sum would.
 */
async function treePssKb(rootPid: number): Promise<number> {
  const parents = new Map<number, number>();
  const pss = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      parents.set(pid, Number(/PPid:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8");
      pss.set(pid, Number(/Pss:\s+(\d+)/.exec(rollup)?.[1] ?? 0));
    } catch {
      // the process ended meanwhile
    }
  }
  const inTree = (pid: number): boolean => pid === rootPid || (pid > 1 && inTree(parents.get(pid) ?? 0));
  let total = 0;
  for (const [pid, kb] of pss) if (inTree(pid)) total += kb;
  return total;
}
