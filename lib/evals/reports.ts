import type { Regression } from "./baseline";
import type { SuiteResult } from "./run-suite";

const xml = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .split("")
    // Characters XML 1.0 cannot hold at all: control characters but tab and the line ends.
    .filter((ch) => ch.charCodeAt(0) >= 0x20 || ch === "\t" || ch === "\n" || ch === "\r")
    .join("");

/** JUnit XML, as CI systems read it: one testcase per case, its failed checks as the failure. */
export function junitReport(result: SuiteResult): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const cases = result.cases.map((c) => {
    const head = `    <testcase classname="${xml(`eval.${result.suite}`)}" name="${xml(c.name)}" time="${seconds(c.durationMs)}">`;
    if (c.pass) return `${head}</testcase>`;
    const failed = c.error
      ? [c.error]
      : c.checks.filter((check) => !check.pass).map((ch) => `${ch.check}: ${ch.reason}`);
    return `${head}\n      <failure message="${xml(failed[0] ?? "failed")}">${xml(failed.join("\n"))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="flightdeck-evals" tests="${result.cases.length}" failures="${result.failed}" time="${seconds(result.durationMs)}">`,
    `  <testsuite name="${xml(result.suite)}" tests="${result.cases.length}" failures="${result.failed}" errors="0" time="${seconds(result.durationMs)}" timestamp="${result.startedAt}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** The result as a JSON file: the cases with their checks, and what regressed. */
export function jsonReport(result: SuiteResult, found: Regression[]) {
  return { ...result, regressions: found };
}

/** A plain-text table for the terminal: case, result, cost, steps, time. */
export function tableReport(result: SuiteResult): string {
  const rows = result.cases.map((c) => [
    c.name,
    c.pass ? "pass" : "FAIL",
    c.costUsd === null ? "unpriced" : `$${c.costUsd.toFixed(6)}`,
    String(c.steps),
    `${(c.durationMs / 1000).toFixed(2)} s`,
  ]);
  const header = ["case", "result", "cost", "steps", "time"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
