import { defineConfig } from "drizzle-kit";

// Generation needs no database; `npm run db:migrate` applies migrations itself (scripts/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
