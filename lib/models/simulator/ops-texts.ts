import { firstLine, num, record, type StepOutcome, str } from "./steps";

const HEALTH_PATH = /(https?:\/\/[^\s`'"<>]*health[^\s`'"<>]*|\/api\/[^\s`'"<>]*health[^\s`'"<>]*)/i;
const ISO_DATE = /(?<!\d)(20\d{2}-[01]\d-[0-3]\d)(?!\d)/;

/** The endpoint named by the goal or the instructions, else the demo's own. */
export function healthEndpoint(goal: string, instructions: string): string {
  const found = goal.match(HEALTH_PATH) ?? instructions.match(HEALTH_PATH);
  return found?.[1]?.replace(/[.,;:!?)]+$/, "") ?? "/api/demo/health";
}

export type Health = { verdict: "healthy" | "unhealthy" | "unknown"; line: string };

export function readHealth(url: string, outcome: StepOutcome): Health {
  if (outcome.status !== "done") {
    return {
      verdict: "unknown",
      line: `GET ${url} failed: ${outcome.status === "failed" ? firstLine(outcome.error) : ""}`,
    };
  }
  const v = record(outcome.value);
  const status = num(v.status);
  const body = record(parse(str(v.body) ?? ""));
  const detail = str(body.detail) ?? str(body.status);
  const healthy = body.healthy === false || (status !== undefined && status >= 400) ? "unhealthy" : "healthy";
  return {
    verdict: healthy,
    line: `GET ${url} returned ${status ?? "?"} (${healthy}${detail ? `: ${detail}` : ""})`,
  };
}

export function commandLine(command: string, outcome: StepOutcome, pick: (stdout: string) => string): string {
  if (outcome.status === "failed") return `\`${command}\` failed: ${firstLine(outcome.error)}`;
  if (outcome.status !== "done") return `\`${command}\` not run`;
  const v = record(outcome.value);
  return `\`${command}\` (exit ${num(v.exit_code) ?? "?"}): ${pick(str(v.stdout) ?? "") || "no output"}`;
}

export const firstOutputLine = (stdout: string): string => firstLine(stdout, 120);

/** The fullest filesystem in `df -h` output, which is what an on-call reader looks for first. */
export function fullestDisk(stdout: string): string {
  let best: { use: number; line: string } | undefined;
  for (const row of stdout.split("\n").slice(1)) {
    const cols = row.trim().split(/\s+/);
    const useCol = cols.findIndex((c) => /^\d+%$/.test(c));
    if (useCol < 0) continue;
    const use = Number.parseInt(cols[useCol] ?? "0", 10);
    if (!best || use > best.use) best = { use, line: `fullest is ${cols.at(-1)} at ${use}% (${cols[0]})` };
  }
  return best?.line ?? firstLine(stdout, 120);
}

/** A date found in the goal or a tool result: the simulator never reads the clock, so replays match. */
export function noteDate(texts: string[]): string | undefined {
  for (const text of texts) {
    const found = text.match(ISO_DATE);
    if (found) return found[1];
  }
  return undefined;
}

export function incidentNote(date: string | undefined, health: Health, lines: string[]): string {
  const verdict =
    health.verdict === "healthy"
      ? "Healthy; no action needed."
      : "Needs attention: page the on-call engineer.";
  return [
    `# Health check${date ? ` ${date}` : ""}`,
    "",
    `- Endpoint: ${health.line}`,
    ...lines.map((l) => `- ${l}`),
    "",
    `Verdict: ${verdict}`,
    "",
  ].join("\n");
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
