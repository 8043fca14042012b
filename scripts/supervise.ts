import { type ChildProcess, spawn } from "node:child_process";

export type SupervisorOptions = {
  /** Node arguments of the supervised process, e.g. ["--import", "tsx", "scripts/worker-engine.ts"]. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** First restart delay; it doubles with each crash in a row up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A process that ran this long counts as healthy: its crash restarts at the initial delay again. */
  healthyAfterMs?: number;
  log?: (message: string) => void;
  /** Called with each process started (the tests kill it). */
  onStart?: (child: ChildProcess) => void;
};

/**
 * Keeps one Node process running: when it exits without being asked to, it is started again
 * after a growing delay, and the reason is logged. `stop()` forwards SIGTERM and resolves once the
 * process has exited. One fault (a crash, an OOM kill) then costs a restart, never capacity for good.
 */
export function supervise(options: SupervisorOptions): { stop: () => Promise<void> } {
  const initialDelayMs = options.initialDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const healthyAfterMs = options.healthyAfterMs ?? 60_000;
  const log = options.log ?? ((message) => console.error(message));
  let child: ChildProcess | undefined;
  let stopping = false;
  let crashesInARow = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    const startedAt = Date.now();
    const current = spawn(process.execPath, options.args, {
      env: options.env ?? process.env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child = current;
    exited = new Promise((resolve) =>
      current.once("exit", (code, signal) => {
        resolve();
        // Exit code 0 is the engine's own orderly shutdown (a signal sent to the whole process group).
        if (stopping || code === 0) return;
        crashesInARow = Date.now() - startedAt >= healthyAfterMs ? 1 : crashesInARow + 1;
        const delay = Math.min(initialDelayMs * 2 ** (crashesInARow - 1), maxDelayMs);
        const why = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        log(`The engine process ${current.pid} ${why}; starting it again in ${delay} ms.`);
        restartTimer = setTimeout(start, delay);
      }),
    );
    options.onStart?.(current);
  };
  start();

  return {
    stop: async () => {
      stopping = true;
      clearTimeout(restartTimer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
