import { getDb } from "@/db/client";
import { appBaseUrl } from "@/lib/app-base-url";
import { apiRoute } from "@/lib/http/api-route";
import { testCallInput, testPolicyCall } from "@/lib/policy/test-call";
import { decisionJson, toDecisionJson } from "../policy-json";

/** What policy would decide for a call, and why; `draft` tries a policy text without saving it. */
export const POST = apiRoute(
  { scope: "policies:read", body: testCallInput, responses: { 200: decisionJson } },
  async ({ actor, body }) => toDecisionJson(await testPolicyCall(getDb(), actor, body, appBaseUrl())),
);
