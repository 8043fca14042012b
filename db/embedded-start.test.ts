import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EmbeddedStartError, startEmbeddedPostgres } from "./embedded";

const asRoot = process.getuid?.() === 0;
const locked = await mkdtemp(path.join(tmpdir(), "flightdeck-owner-only-"));
afterAll(() => rm(locked, { recursive: true, force: true }));

describe("the embedded PostgreSQL, started as root", () => {
  it.skipIf(!asRoot)(
    "says in one sentence what to do when PostgreSQL's own user cannot enter a folder above its data",
    async () => {
      await chmod(locked, 0o700);
      const started = startEmbeddedPostgres(path.join(locked, "checkout", ".data"));
      await expect(started).rejects.toBeInstanceOf(EmbeddedStartError);
      await expect(started).rejects.toThrow(`who may not enter ${locked}. Run Flightdeck as a regular user`);
    },
  );
});
