import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { supervise } from "./supervise";

const waitFor = async (check: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const living = ["-e", "setInterval(() => {}, 1000); process.on('SIGTERM', () => process.exit(0))"];

describe("supervise", () => {
  it("starts a killed process again, with growing delays, and logs why", async () => {
    const started: ChildProcess[] = [];
    const logs: string[] = [];
    const supervisor = supervise({
      args: living,
      initialDelayMs: 50,
      log: (message) => logs.push(message),
      onStart: (child) => started.push(child),
    });
    try {
      await waitFor(() => started.length === 1 && started[0]?.pid !== undefined);
      started[0]?.kill("SIGKILL");
      await waitFor(() => started.length === 2);
      started[1]?.kill("SIGKILL");
      await waitFor(() => started.length === 3);
      expect(logs[0]).toMatch(/was killed by SIGKILL; starting it again in 50 ms/);
      expect(logs[1]).toMatch(/starting it again in 100 ms/);
    } finally {
      await supervisor.stop();
    }
    expect(started.at(-1)?.signalCode ?? started.at(-1)?.exitCode).not.toBeNull();
  });

  it("restarts a process that crashes on its own, and stops for good when asked", async () => {
    const started: ChildProcess[] = [];
    const logs: string[] = [];
    const supervisor = supervise({
      args: ["-e", "setTimeout(() => { throw new Error('boom') }, 20)"],
      initialDelayMs: 20,
      maxDelayMs: 40,
      log: (message) => logs.push(message),
      onStart: (child) => started.push(child),
    });
    await waitFor(() => started.length >= 4);
    await supervisor.stop();
    const count = started.length;
    expect(logs.some((line) => /exited with code 1/.test(line))).toBe(true);
    expect(logs.at(-1)).toMatch(/in 40 ms/);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(started.length).toBe(count);
  });
});
