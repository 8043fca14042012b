/** A policy version as the page hands it to the browser (dates as ISO text). */
export type VersionSummary = {
  version: number;
  comment: string;
  createdBy: string;
  createdAt: string | null;
};

/** `statementIds`: its statements' ids in order, which anchor them on the page (`#statement-…`). */
export type ActivePolicy = VersionSummary & { text: string; statementIds?: string[] };

/** An agent and the tools "Test a call" offers for it, each with example arguments as JSON text. */
export type TestAgent = { name: string; tools: { name: string; example: string }[] };

export type PolicyProblem = {
  message: string;
  help: string | null;
  line: number | null;
  column: number | null;
};
