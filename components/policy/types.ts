import type { StatementAnchor } from "./statement-anchors";

/** A policy version as the page hands it to the browser (dates as ISO text). */
export type VersionSummary = {
  version: number;
  comment: string;
  createdBy: string;
  createdAt: string | null;
};

/** `anchors`: where its statements start, which the page anchors (`#statement-…`). */
export type ActivePolicy = VersionSummary & { text: string; anchors?: StatementAnchor[] };

/** An agent and the tools "Test a call" offers for it, each with example arguments as JSON text. */
export type TestAgent = { name: string; tools: { name: string; example: string }[] };

export type PolicyProblem = {
  message: string;
  help: string | null;
  line: number | null;
  column: number | null;
};
