import { getDb } from "@/db/client";
import { savedCaseJson } from "@/lib/evals/eval-json";
import { saveRunAsTestCase, saveTestCaseInput } from "@/lib/evals/save-test-case";
import { apiRoute } from "@/lib/http/api-route";

/** "Save as test case": the run's goal and observed effects become a draft case of the suite. */
export const POST = apiRoute<{ id: string }, typeof saveTestCaseInput>(
  { scope: "evals:write", body: saveTestCaseInput, responses: { 201: savedCaseJson } },
  async ({ actor, params, body }) => {
    const { suite, testCase, definition } = await saveRunAsTestCase(getDb(), actor, params.id, body);
    return Response.json({ id: testCase.id, suite: suite.name, case: definition }, { status: 201 });
  },
);
