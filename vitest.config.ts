import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const integration = "**/*.int.test.ts";

// Integration tests run once per database: the embedded PostgreSQL always, and the server named
// by DATABASE_URL when it is set. Each test file gets a fresh database cloned from a migrated template.
const databases = [
  { name: "embedded", setup: "db/testing/setup-embedded.ts" },
  ...(process.env.DATABASE_URL ? [{ name: "server", setup: "db/testing/setup-server.ts" }] : []),
];

export default defineConfig({
  resolve: { alias: { "@": root, "server-only": `${root}/lib/http/testing/server-only.ts` } },
  test: {
    testTimeout: 20_000,
    // Two files at a time even on two cores (vitest's default there is one): a file spends most of its
    // time importing or waiting on PostgreSQL, and the suite took 2.6 times as long one file at a time.
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts", "components/**/*.test.ts"],
          exclude: [integration],
        },
      },
      ...databases.map((database) => ({
        extends: true,
        test: { name: database.name, include: [integration], globalSetup: [database.setup] },
      })),
    ],
  },
});
