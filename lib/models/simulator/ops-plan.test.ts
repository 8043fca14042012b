import { describe, expect, it } from "vitest";
import { createSimulatorModel } from "./index";
import { drive, fakeWorld, opsTools } from "./test-harness";

describe("simulator ops-health plan", () => {
  it("checks health, runs uptime and df -h, writes a dated incident note, then reports", async () => {
    const { turns, calls } = await drive(
      createSimulatorModel("default"),
      opsTools,
      "Check the health of the demo app",
    );
    expect(calls.slice(0, 3)).toEqual([
      ["http_request", { method: "GET", url: "/api/demo/health" }],
      ["run_command", { command: "uptime" }],
      ["run_command", { command: "df -h" }],
    ]);
    const [name, input] = calls[3] ?? [];
    expect(name).toBe("write_file");
    expect(input).toMatchObject({ path: "incidents/2026-03-02-health-check.md" });
    const content = String((input as { content?: string } | undefined)?.content);
    expect(content).toContain("returned 200 (healthy: all checks passing)");
    expect(content).toContain("fullest is / at 80%");
    expect(calls).toHaveLength(4);
    expect(turns.at(-1)?.finishReason).toBe("stop");
    expect(turns.at(-1)?.text).toContain("Wrote incidents/2026-03-02-health-check.md");
  });

  it("uses the endpoint named in the instructions or goal", async () => {
    const { calls } = await drive(
      createSimulatorModel("default"),
      opsTools,
      "Probe https://status.example.com/healthz now.",
      1,
    );
    expect(calls[0]).toEqual(["http_request", { method: "GET", url: "https://status.example.com/healthz" }]);
  });

  it("reports an unhealthy endpoint and a failed command, and still writes the note", async () => {
    const world = (name: string, input: Record<string, unknown>, seq: number) => {
      if (name === "http_request")
        return { status: 503, body: '{"healthy":false,"detail":"db down"}', body_sha256: "x" };
      if (name === "run_command" && input.command === "df -h") return { error: "command timed out" };
      return fakeWorld(name, input, seq);
    };
    const { turns, calls } = await drive(
      createSimulatorModel("default"),
      opsTools,
      "health check",
      12,
      world,
    );
    expect(calls.map(([n]) => n)).toEqual(["http_request", "run_command", "run_command", "write_file"]);
    const content = String((calls[3]?.[1] as { content?: string } | undefined)?.content);
    expect(content).toContain("unhealthy: db down");
    expect(content).toContain("`df -h` failed: command timed out");
    expect(content).toContain("Needs attention");
    expect(turns.at(-1)?.text).toMatch(/run_command \{"command":"df -h"\} failed: command timed out/);
  });
});
