import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/db/embedded";
import { createTemplate, dropRunDatabases } from "./template";

/** Starts a throw-away embedded PostgreSQL for the run; every test file clones the template. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), "flightdeck-test-"));
  const embedded = await startEmbeddedPostgres(dir);
  const serverUrl = embedded.url.replace(/\/flightdeck$/, "/postgres");
  const runId = randomBytes(4).toString("hex");
  const template = await createTemplate(serverUrl, runId);
  project.provide("testDatabase", { serverUrl, template, runId });
  return async () => {
    await dropRunDatabases(serverUrl, runId);
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
