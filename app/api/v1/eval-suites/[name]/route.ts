import { getDb } from "@/db/client";
import { evalSuiteSchema } from "@/lib/evals/case-schema";
import { exportSuite } from "@/lib/evals/suite-store";
import { apiRoute } from "@/lib/http/api-route";

/** The suite as a file, to keep in git and run with `npm run eval -- --suite <file>`. */
export const GET = apiRoute<{ name: string }>(
  { scope: "evals:read", responses: { 200: evalSuiteSchema } },
  async ({ actor, params }) => exportSuite(getDb(), actor, params.name),
);
