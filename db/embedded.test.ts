import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded";
import { openPostgres } from "./open-postgres";

const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-embedded-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

// A child process that owns the embedded database, writes a row, then waits to be killed.
const childScript = `
  import { startEmbeddedPostgres } from "./db/embedded.ts";
  import { openPostgres } from "./db/open-postgres.ts";
  const db = await startEmbeddedPostgres(process.argv[1]);
  const sql = openPostgres(db.url);
  await sql\`create table if not exists survivors (name text)\`;
  await sql\`insert into survivors values ('before the crash')\`;
  console.log("READY");
  setInterval(() => {}, 1000);
`;

describe("embedded PostgreSQL", () => {
  it("recovers cleanly after its owner is killed with SIGKILL, keeping the data", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", childScript, dir],
      {
        cwd: path.resolve(import.meta.dirname, ".."),
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk) => String(chunk).includes("READY") && resolve());
      child.once("exit", (code) => reject(new Error(`child exited early (${code})`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await readFile(path.join(dir, "pg", "postmaster.pid"), "utf8")).toBeTruthy();

    const db = await startEmbeddedPostgres(dir);
    expect(db.owned).toBe(true);
    // Its clients use the Unix socket (half the CPU of loopback TCP), in the system's temporary folder.
    expect(new URL(db.url).searchParams.get("host")).toBe(tmpdir());
    const sql = openPostgres(db.url, { max: 1 });
    try {
      expect(await sql`select name from survivors`).toEqual([{ name: "before the crash" }]);
    } finally {
      await sql.end();
      await db.stop();
    }
  }, 60_000);
});
