import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoFiles } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { fileFacts } from "./policy/file-facts";
import { writeFile } from "./write-file";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const other = await seededTenant(db);
const ctx = toolContext(db, tenant.id);

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const file = async (tenantId: string, path: string) =>
  (
    await db
      .select()
      .from(demoFiles)
      .where(and(eq(demoFiles.tenantId, tenantId), eq(demoFiles.path, path)))
  )[0];

describe("write_file", () => {
  it("creates a new file: no hash before, a diff from /dev/null", async () => {
    const path = "incidents/2025-01-31-health-check.md";
    const content = "# Health check\n\nHealthy: yes ✓\n";
    const { output, receipt } = await writeFile.execute(writeFile.input.parse({ path, content }), ctx);
    expect((await file(tenant.id, path))?.content).toBe(content);
    expect(output).toEqual({ path, bytes: Buffer.byteLength(content), sha256: sha(content) });
    expect(output.bytes).toBe(content.length + 2);
    expect(receipt).toMatchObject({ path, sha256_before: null, sha256_after: sha(content) });
    expect(receipt.diff).toContain("--- /dev/null");
    expect(receipt.diff).toContain("+Healthy: yes ✓");
    expect(await file(other.id, path)).toBeUndefined();
  });

  it("marks the file as the agent's in its own transaction, before any receipt commits", async () => {
    const path = "incidents/2025-02-01-health-check.md";
    expect(await fileFacts(db, other.id, path)).toEqual({
      file_exists: false,
      file_written_by_agent: false,
    });
    // The tool alone: its step (and receipt) would commit a moment later, after another run may look.
    await writeFile.execute(
      writeFile.input.parse({ path, content: "# Health check\n" }),
      toolContext(db, other.id),
    );
    expect(await fileFacts(db, other.id, path)).toEqual({ file_exists: true, file_written_by_agent: true });
    // A seeded file is nobody's note.
    expect(await fileFacts(db, other.id, "runbooks/disk-full.md")).toEqual({
      file_exists: true,
      file_written_by_agent: false,
    });
  });

  it("replaces a file with the hashes before and after and a unified diff", async () => {
    const before = (await file(tenant.id, "runbooks/disk-full.md"))?.content ?? "";
    const content = before.replace("Do not delete database files.", "Never delete database files.");
    const { receipt } = await writeFile.execute({ path: "runbooks/disk-full.md", content }, ctx);
    expect(receipt).toMatchObject({ sha256_before: sha(before), sha256_after: sha(content) });
    expect(receipt.diff).toMatch(/^--- a\/runbooks\/disk-full\.md\n\+\+\+ b\/runbooks\/disk-full\.md\n@@/);
    expect(receipt.diff).toContain("-3. Do not delete database files.");
    expect(receipt.diff).toContain("+3. Never delete database files.");
    expect((await file(other.id, "runbooks/disk-full.md"))?.content).toBe(before);
  });

  it("truncates the diff to 2000 characters", async () => {
    const content = Array.from({ length: 500 }, (_, i) => `line ${i}`).join("\n");
    const { receipt } = await writeFile.execute({ path: "notes/big.txt", content }, ctx);
    expect(String(receipt.diff).length).toBeLessThanOrEqual(2000);
    expect(receipt.diff).toContain("(truncated)");
  });

  it("refuses paths outside the workspace", async () => {
    const paths = [
      "../etc/passwd",
      "/etc/passwd",
      "runbooks/../../x",
      "runbooks//oncall.md",
      "runbooks\\oncall.md",
      "",
      "runbooks/",
      "./x",
      ".env",
    ];
    for (const path of paths) {
      await expect(writeFile.execute({ path, content: "x" }, ctx), path).rejects.toThrow(ToolInputError);
    }
    await expect(writeFile.execute({ path: "../etc/passwd", content: "x" }, ctx)).rejects.toThrow(
      /must stay inside the workspace/,
    );
    expect(await db.select().from(demoFiles).where(eq(demoFiles.tenantId, tenant.id))).toHaveLength(5);
  });

  it("refuses unknown arguments", () => {
    expect(writeFile.input.safeParse({ path: "a.md", content: "x", mode: "append" }).success).toBe(false);
  });
});
