"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { appBaseUrl } from "@/lib/app-base-url";
import { runAction } from "@/lib/http/server-action";
import { policyVersion, restorePolicy, savePolicy } from "@/lib/policy/policy-versions";
import { type TestCallResult, type testCallInput, testPolicyCall } from "@/lib/policy/test-call";
import { requireActor } from "@/lib/sign-in/session";

// Each lib function checks the scope again and parses its input; these are thin adapters.

export async function savePolicyAction(input: { text: string; comment: string; baseVersion: number }) {
  const result = await runAction(async () => {
    const saved = await savePolicy(getDb(), await requireActor("policies:write"), input);
    return { version: saved.version };
  });
  if (result.ok) revalidatePath("/policies");
  return result;
}

export async function restorePolicyAction(version: number) {
  const result = await runAction(async () => {
    const actor = await requireActor("policies:write");
    const saved = await restorePolicy(
      getDb(),
      actor,
      z.number({ error: "Pick a version." }).int().parse(version),
    );
    return { version: saved.version };
  });
  if (result.ok) revalidatePath("/policies");
  return result;
}

export async function policyVersionAction(version: number) {
  return runAction(async () => {
    const actor = await requireActor("policies:read");
    const found = await policyVersion(
      getDb(),
      actor,
      z.number({ error: "Pick a version." }).int().parse(version),
    );
    return { version: found.version, text: found.text };
  });
}

export type TestCallInput = z.input<typeof testCallInput>;

export async function testPolicyCallAction(input: TestCallInput) {
  return runAction<TestCallResult>(async () =>
    testPolicyCall(getDb(), await requireActor("policies:read"), input, appBaseUrl()),
  );
}
