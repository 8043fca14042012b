import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { createTemplate, dropRunDatabases } from "./template";

/** Runs the integration tests on the PostgreSQL server named by DATABASE_URL, in databases of their own. */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("DATABASE_URL is not set");
  const runId = randomBytes(4).toString("hex");
  const template = await createTemplate(serverUrl, runId);
  project.provide("testDatabase", { serverUrl, template, runId });
  return () => dropRunDatabases(serverUrl, runId);
}
