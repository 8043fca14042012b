import { readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { libRoot, shippedLibFiles } from "./testing/shipped-files";

// Exported functions that take an actor and write, yet neither check a scope nor audit, on purpose.
const EXCEPTIONS: Record<string, string> = {
  "audit/record-audit.ts#recordAudit": "writing the audit entry is the audit",
  "audit/record-audit.ts#recordAuditInEveryTenant": "writing the audit entry is the audit",
  "agents/versions.ts#recordVersion":
    "writes in its caller's transaction: createAgent and updateAgent check the scope and audit",
  "mcp-servers/refresh.ts#refreshServer":
    "for a server its caller found after checking the scope (refreshMcpTools, createMcpServer)",
  "members/members.ts#issueInvitation":
    "writes in its caller's transaction: inviteMember checks members:manage, tenant creation the operator",
  "sign-in/change-password.ts#changeOwnPassword": "anyone signed in may change their own password: no scope",
  "sign-in/sso-link.ts#startSsoLink":
    "anyone signed in may link single sign-on to their own account: no scope",
  "sign-in/sso-link.ts#unlinkIdentity": "anyone signed in may unlink their own single sign-on: no scope",
  "sign-in/time-zone.ts#setOwnTimeZone":
    "a person's own display preference: no scope, and nothing of any tenant changes to audit",
  "gate/ask.ts#askGate": "an agent's gate traffic is recorded as its run's steps, not in the audit log",
  "gate/report.ts#reportGateResult": "an agent's gate traffic is recorded as its run's steps",
  "gate/report.ts#reportGateUsage": "an agent's gate traffic is recorded as its run's steps",
  "gate/finish.ts#finishGateRun": "an agent's gate traffic is recorded as its run's steps",
  "runs/start-run.ts#startRun": "the run row is the record: it names who started it (createdBy)",
  "otlp/ingest.ts#ingestSpans":
    "an ingest key's telemetry: the key's purpose admits it, the observed run records it",
  "otlp/observed-agent.ts#observedAgent": "the archived agent of observed runs, created while ingesting",
  "runs/workflow-graph.ts#runWorkflowGraph":
    "a read (runs:read): it reads a run's settings beside the helper that stores them at its start",
};

type UseCase = {
  id: string;
  name: string;
  exported: boolean;
  text: string;
  takesActor: boolean;
  mentions: (name: string) => boolean;
};

const WRITE = /\.(insert|update|delete)\(|\b(insert into|update \w+ set|delete from)\b/i;

function functionsOf(file: string): { functions: UseCase[]; imported: Map<string, string> } {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(libRoot, file), "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const functions: UseCase[] = [];
  const imported = new Map<string, string>();
  const add = (name: string, fn: ts.SignatureDeclaration & { body?: ts.Node }, exported: boolean) => {
    const text = fn.getText(source);
    functions.push({
      id: `${file}#${name}`,
      name,
      exported,
      text,
      takesActor: fn.parameters.some((p) => p.type !== undefined && /\bActor\b/.test(p.type.getText(source))),
      mentions: (callee) => new RegExp(`\\b${callee}\\b`).test(text),
    });
  };
  for (const statement of source.statements) {
    const exported = !!ts
      .getModifiers(statement as ts.HasModifiers)
      ?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const from = statement.moduleSpecifier.text;
      const target = from.startsWith("@/lib/")
        ? `${from.slice("@/lib/".length)}.ts`
        : from.startsWith(".")
          ? `${path.relative(libRoot, path.resolve(path.dirname(path.join(libRoot, file)), from))}.ts`
          : null;
      const bindings = statement.importClause?.namedBindings;
      if (target && bindings && ts.isNamedImports(bindings))
        for (const element of bindings.elements)
          imported.set(element.name.text, `${target}#${(element.propertyName ?? element.name).text}`);
    } else if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) {
      add(statement.name.text, statement, exported);
    } else if (ts.isVariableStatement(statement)) {
      for (const { name, initializer } of statement.declarationList.declarations)
        if (
          ts.isIdentifier(name) &&
          initializer &&
          (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
        )
          add(name.text, initializer, exported);
    }
  }
  return { functions, imported };
}

/** Every exported function of lib/ that takes an actor and writes, with whether it checks a scope and audits. */
function writeUseCases() {
  const byId = new Map<string, UseCase>();
  const reaches = new Map<UseCase, UseCase[]>();
  const files = shippedLibFiles().map((file) => ({ file, ...functionsOf(file) }));
  for (const { functions } of files) for (const fn of functions) byId.set(fn.id, fn);
  for (const { functions, imported } of files)
    for (const fn of functions) {
      const local = functions.filter((other) => other !== fn && fn.mentions(other.name));
      const fromImports = [...imported]
        .filter(([name]) => fn.mentions(name))
        .flatMap(([, id]) => byId.get(id) ?? []);
      reaches.set(fn, [...local, ...fromImports]);
    }
  // A scope check or an audit in a helper the use case calls (in its file or imported) counts.
  const holding = (test: (fn: UseCase) => boolean) => {
    const found = new Set([...byId.values()].filter(test));
    for (let grew = true; grew; ) {
      grew = false;
      for (const fn of byId.values())
        if (!found.has(fn) && reaches.get(fn)?.some((callee) => found.has(callee))) {
          found.add(fn);
          grew = true;
        }
    }
    return found;
  };
  const checksScope = holding((fn) => fn.mentions("assertScope"));
  const audits = holding((fn) => fn.mentions("recordAudit") || fn.mentions("recordAuditInEveryTenant"));
  return [...byId.values()]
    .filter((fn) => fn.exported && fn.takesActor)
    .filter((fn) => WRITE.test([fn, ...(reaches.get(fn) ?? [])].map((f) => f.text).join("\n")))
    .map((fn) => ({ id: fn.id, scope: checksScope.has(fn), audit: audits.has(fn) }));
}

describe("write use cases", () => {
  const useCases = writeUseCases();

  it("are found: the known ones are among them", () => {
    const ids = useCases.map((u) => u.id);
    expect(ids).toContain("kill/engage-kill-switch.ts#engageKillSwitch");
    expect(ids).toContain("agents/create-agent.ts#createAgent");
  });

  it("each check a scope and write an audit entry, or say why not", () => {
    const unguarded = useCases
      .filter((u) => !(u.scope && u.audit) && !(u.id in EXCEPTIONS))
      .map((u) => `${u.id}: ${u.scope ? "" : "no assertScope "}${u.audit ? "" : "no audit"}`.trim());
    expect(unguarded).toEqual([]);
  });

  it("leave no stale exception behind", () => {
    const stale = Object.keys(EXCEPTIONS).filter(
      (id) => !useCases.some((u) => u.id === id && !(u.scope && u.audit)),
    );
    expect(stale).toEqual([]);
  });
});
