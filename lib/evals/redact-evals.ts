import type { Redactor } from "@/lib/redaction/personal-data";
import { redactValue } from "@/lib/redaction/redact-value";
import { type EvalCase, evalCaseSchema, type ReceiptMatch } from "./case-schema";

// A case saved from a run keeps its goal and the arguments of its calls, and a result keeps the
// calls the case made: customer data, shown to viewers the way their run views show it (the
// tenant's rules on free text, strings in arguments hidden).

type Matches = ReceiptMatch[] | undefined;
const maskArgs = (matches: Matches): Matches =>
  matches?.map((m) => (m.args ? { ...m, args: redactValue(m.args) as ReceiptMatch["args"] } : m));

/** A case as a viewer may see it. */
export function redactCase(testCase: EvalCase, redactor: Redactor): EvalCase {
  const text = (value: string) => redactor.text(value) ?? "";
  const { fixture, expect } = testCase;
  return {
    ...testCase,
    ...(testCase.description !== undefined && { description: text(testCase.description) }),
    goal: text(testCase.goal),
    ...(fixture && {
      fixture: {
        ...fixture,
        ...(fixture.tickets && {
          tickets: fixture.tickets.map((t) => ({
            ...t,
            ...(t.subject !== undefined && { subject: text(t.subject) }),
            ...(t.body !== undefined && { body: text(t.body) }),
          })),
        }),
      },
    }),
    expect: {
      ...expect,
      ...(expect.receipts && { receipts: maskArgs(expect.receipts) }),
      ...(expect.no_receipts && { no_receipts: maskArgs(expect.no_receipts) }),
      ...(expect.demo && {
        demo: expect.demo.map((d) => (d.kind === "emails_sent" ? { ...d, to: text(d.to) } : d)),
      }),
    },
  };
}

/** A stored definition as a viewer may see it; one that no longer parses is masked whole. */
export function redactDefinition(definition: unknown, redactor: Redactor): unknown {
  const parsed = evalCaseSchema.safeParse(definition);
  return parsed.success ? redactCase(parsed.data, redactor) : redactValue(definition);
}

type ResultText = {
  checks: { check: string; pass: boolean; reason: string }[];
  error: string | null;
  calls?: { tool: string; args: Record<string, unknown>; status: string; receipt: boolean }[] | null;
};

/** A case's result as a viewer may see it: its checks' reasons, its error and its calls' arguments. */
export function redactResult<T extends ResultText>(result: T, redactor: Redactor): T {
  return {
    ...result,
    checks: result.checks.map((c) => ({
      ...c,
      check: redactor.text(c.check) ?? "",
      reason: redactor.text(c.reason) ?? "",
    })),
    error: redactor.text(result.error),
    ...(result.calls && {
      calls: result.calls.map((c) => ({ ...c, args: redactValue(c.args) as Record<string, unknown> })),
    }),
  };
}
