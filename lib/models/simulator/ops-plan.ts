import {
  commandLine,
  firstOutputLine,
  fullestDisk,
  healthEndpoint,
  incidentNote,
  noteDate,
  readHealth,
} from "./ops-texts";
import type { StepRunner } from "./steps";
import type { Decision, Transcript } from "./types";

/** ops-health: check the health endpoint, run uptime and df -h, write an incident note. */
export function planOps(t: Transcript, run: StepRunner): Decision {
  const url = healthEndpoint(t.goal, t.instructions);
  const probe = run({
    reason: `Checking the health endpoint ${url} first.`,
    call: { toolName: "http_request", input: { method: "GET", url } },
    sloppy: { toolName: "http_request", input: { method: "FETCH", url } },
  });
  if (probe.status === "next") return probe.decision;
  const health = readHealth(url, probe);

  const uptime = run({
    reason: "Looking at uptime and load on the host.",
    call: { toolName: "run_command", input: { command: "uptime" } },
    sloppy: { toolName: "run_command", input: { cmd: "uptime" } },
  });
  if (uptime.status === "next") return uptime.decision;
  const disk = run({
    reason: "Checking free disk space, a common cause of failing health checks.",
    call: { toolName: "run_command", input: { command: "df -h" } },
  });
  if (disk.status === "next") return disk.decision;

  // Only what came before the write: a date inside its own result must not move the path afterwards.
  const date = noteDate([t.goal, ...[probe, uptime, disk].map((o) => JSON.stringify(o))]);
  const path = `incidents/${date ? `${date}-` : ""}health-check.md`;
  const lines = [commandLine("uptime", uptime, firstOutputLine), commandLine("df -h", disk, fullestDisk)];
  const write = run({
    reason: `Writing what I found to ${path} for the on-call record.`,
    call: { toolName: "write_file", input: { path, content: incidentNote(date, health, lines) } },
  });
  if (write.status === "next") return write.decision;
  return { kind: "final", notes: [`Health: ${health.line}.`] };
}
