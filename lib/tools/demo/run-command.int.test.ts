import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { demoFiles } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { execInWorkspace } from "./exec-in-workspace";
import { runCommand } from "./run-command";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);
const ctx = toolContext(db, tenant.id);

const run = (command: string, context = ctx) =>
  runCommand.execute(runCommand.input.parse({ command }), context);
// A temporary folder of this file's own, so other test files' workspaces cannot show up in it.
const scratch = await mkdtemp(join(tmpdir(), "run-command-test-"));
const previousTmp = process.env.TMPDIR;
process.env.TMPDIR = scratch;
afterAll(async () => {
  process.env.TMPDIR = previousTmp;
  await rm(scratch, { recursive: true, force: true });
});
const workspaces = () => readdir(scratch);

describe("run_command", () => {
  it("runs an allow-listed diagnostic and hashes its output in the receipt", async () => {
    const { output, receipt } = await run("uname -s");
    expect(output).toEqual({ exit_code: 0, stdout: "Linux\n", stderr: "" });
    expect(receipt).toEqual({
      command: "uname -s",
      exit_code: 0,
      output_sha256: createHash("sha256").update("Linux\n").digest("hex"),
    });
    expect((await run("df -h")).output.stdout).toMatch(/Filesystem/);
    expect((await run("uptime")).output.exit_code).toBe(0);
  });

  it("works in a scratch copy of the tenant's workspace files, removed afterwards", async () => {
    await db
      .insert(demoFiles)
      .values({ tenantId: other.id, path: "secret/other.md", content: "other tenant" });
    const cat = await run("cat runbooks/oncall.md");
    expect(cat.output.stdout).toContain("# On-call runbook");
    expect((await run("ls -R")).output.stdout).toContain("disk-full.md");
    expect((await run("ls -R")).output.stdout).not.toContain("other.md");
    expect((await run("wc -l incidents/README.md")).output.stdout).toMatch(/^\d+ incidents\/README.md/);
    expect((await run("head -n 1 runbooks/disk-full.md")).output.stdout).toBe("# Disk full\n");
    expect(await workspaces()).toEqual([]);
  });

  it("reports a failing command with its exit code", async () => {
    const { output } = await run("cat missing.md");
    expect(output.exit_code).toBe(1);
    expect(output.stderr).toContain("missing.md");
  });

  it("refuses programs outside the allow-list, and there is no shell", async () => {
    for (const command of [
      "rm -rf runbooks",
      "sh -c id",
      "curl http://evil.example.net",
      "/bin/cat runbooks/oncall.md",
    ]) {
      await expect(run(command), command).rejects.toThrow(ToolInputError);
    }
    await expect(run("bash")).rejects.toThrow(/not an allowed command/);
    for (const command of [
      "cat runbooks/oncall.md | sh",
      "cat $HOME",
      "ls *",
      "cat 'a b'",
      "uptime;id",
      "ls > out",
    ]) {
      await expect(run(command), command).rejects.toThrow(/there is no shell/);
    }
  });

  it("refuses paths that leave the workspace", async () => {
    await expect(run("cat ../../etc/passwd")).rejects.toThrow(/may not be absolute paths or contain "\.\."/);
    for (const command of [
      "cat /etc/passwd",
      "ls ..",
      "head -n 5 /etc/shadow",
      "wc --files0-from=/etc/passwd",
    ]) {
      await expect(run(command), command).rejects.toThrow(ToolInputError);
    }
  });

  it("refuses options that change the machine or never end", async () => {
    for (const command of [
      "date -s 2020-01-01",
      "date 0101000020",
      "date --set=2020-01-01",
      "free -s 1",
      "cat -",
      "head -n x a.md",
    ]) {
      await expect(run(command), command).rejects.toThrow(ToolInputError);
    }
    expect((await run("date -u +%Y")).output.stdout).toMatch(/^\d{4}\n$/);
    expect((await run("free -h")).output.exit_code).toBe(0);
  });

  it("stops when the run is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("killed by operator"));
    await expect(run("uptime", toolContext(db, tenant.id, { signal: controller.signal }))).rejects.toThrow(
      "killed by operator",
    );
  });
});

describe("execInWorkspace", () => {
  it("stops a program that runs too long, or when aborted, and removes the folder", async () => {
    const signal = new AbortController().signal;
    const slow = execInWorkspace({ file: "sleep", args: ["5"], files: [], signal, timeoutMs: 200 });
    await expect(slow).rejects.toThrow(/did not finish within 0.2 s/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("run killed")), 100);
    const started = Date.now();
    await expect(
      execInWorkspace({ file: "sleep", args: ["5"], files: [], signal: controller.signal }),
    ).rejects.toThrow("run killed");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await workspaces()).toEqual([]);
  });

  it("answers 127 for a program the machine lacks, and never writes files outside the folder", async () => {
    const signal = new AbortController().signal;
    expect(await execInWorkspace({ file: "no-such-program", args: [], files: [], signal })).toMatchObject({
      exitCode: 127,
    });
    expect((await execInWorkspace({ file: "pwd", args: [], files: [], signal })).stdout).toContain(
      `${scratch}/flightdeck-workspace-`,
    );
    const files = [
      { path: "../escaped.txt", content: "x" },
      { path: "ok.txt", content: "fine" },
    ];
    const listed = await execInWorkspace({ file: "ls", args: ["-a"], files, signal });
    expect(listed.stdout.split("\n").filter(Boolean).sort()).toEqual([".", "..", "ok.txt"]);
  });
});
