import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/** The web app can take part only once it is built (`npm run build`): building is minutes. */
export const webIsBuilt = (): boolean => existsSync(path.join(root, ".next", "BUILD_ID"));

export type ChaosWeb = {
  baseUrl: string;
  /** The server's process id: its engine's lease owner names it. */
  pid: () => number | undefined;
  /** SIGKILLs the process and starts it again, resolving once it answers its health check. */
  killAndRestart: () => Promise<void>;
  stop: () => Promise<void>;
};

/** `npm start` against the drill's database (its own engine included), on a free port. */
export async function startWeb(dir: string, env: Record<string, string>): Promise<ChaosWeb> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const out = createWriteStream(path.join(dir, "web.log"));
  let child: ChildProcess;
  const start = async () => {
    child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/start.ts")], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), FLIGHTDECK_DATA_DIR: path.join(dir, "web-data") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const healthy = await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (healthy) return;
      if (Date.now() > deadline) throw new Error("the web process did not become healthy");
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const exit = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  await start();
  return {
    baseUrl,
    pid: () => child.pid,
    killAndRestart: async () => {
      await exit("SIGKILL");
      await start();
    },
    stop: async () => {
      await exit("SIGTERM");
      out.end();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
