import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The engine stays changeable in small pieces: a function that outgrows this is split, not waived.
const MAX_LINES = 80;
const dir = import.meta.dirname;

/** Every function, method, accessor and arrow function of a file longer than the limit. */
function longFunctions(file: string, text = readFileSync(file, "utf8")): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = lineOf(node.getStart(source));
      const lines = lineOf(node.getEnd()) - first + 1;
      const name = node.name?.getText(source) ?? "(anonymous)";
      if (lines > MAX_LINES) found.push(`${path.relative(dir, file)}:${first} ${name} has ${lines} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const engineFiles = readdirSync(dir, { recursive: true, encoding: "utf8" })
  .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
  .map((name) => path.join(dir, name));

describe("the engine's functions", () => {
  it("finds the engine's modules", () => {
    expect(engineFiles.map((file) => path.basename(file))).toContain("execute-run.ts");
  });

  it(`are at most ${MAX_LINES} lines long`, () => {
    expect(engineFiles.flatMap((file) => longFunctions(file))).toEqual([]);
  });

  it("counts a function from its signature to its closing brace, nested ones too", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `    const a${i} = ${i};`).join("\n");
    const file = path.join(dir, "example.ts");
    const fits = `/** Not counted. */\nfunction fits() {\n${lines(MAX_LINES - 2)}\n}\n`;
    expect(longFunctions(file, fits)).toEqual([]);
    const nested = `class A {\n  m() {\n    const f = () => {\n${lines(MAX_LINES - 1)}\n    };\n  }\n}\n`;
    expect(longFunctions(file, nested)).toEqual([
      `example.ts:2 m has ${MAX_LINES + 3} lines`,
      `example.ts:3 (anonymous) has ${MAX_LINES + 1} lines`,
    ]);
  });
});
