import { expect, saveScreen, signInAs, test, unique } from "./fixtures";
import { RunPage } from "./pages/run-pages";

const attr = (key: string, value: string | number) => ({
  key,
  value: typeof value === "number" ? { intValue: String(value) } : { stringValue: value },
});

/** One turn of an agent running elsewhere, as its OpenTelemetry exporter sends it (OTLP/JSON). */
function exportRequest(traceId: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const at = (ms: number) => String(now - 3_000_000_000n + BigInt(ms) * 1_000_000n);
  const root = "a1b2c3d4e5f60718";
  const child = (spanId: string, name: string, from: number, to: number, attributes: object[]) => ({
    traceId,
    spanId,
    parentSpanId: root,
    name,
    startTimeUnixNano: at(from),
    endTimeUnixNano: at(to),
    attributes,
    status: {},
  });
  const spans = [
    {
      traceId,
      spanId: root,
      name: "invoke_agent billing-bot",
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(2400),
      attributes: [
        attr("gen_ai.input.messages", "Why was invoice 1042 charged twice?"),
        attr("gen_ai.output.messages", "The second charge was a pre-authorisation; it was released."),
      ],
      status: { code: 1 },
    },
    child("0000000000000b01", "chat gpt-5-mini", 50, 900, [
      attr("gen_ai.operation.name", "chat"),
      attr("gen_ai.provider.name", "openai"),
      attr("gen_ai.request.model", "gpt-5-mini"),
      attr("gen_ai.usage.input_tokens", 1800),
      attr("gen_ai.usage.output_tokens", 120),
    ]),
    child("0000000000000b02", "execute_tool lookup_invoice", 920, 1300, [
      attr("gen_ai.operation.name", "execute_tool"),
      attr("gen_ai.tool.name", "lookup_invoice"),
      attr("gen_ai.tool.call.arguments", '{"invoice":1042}'),
      attr("gen_ai.tool.call.result", '{"charges":2,"second":"pre-authorisation"}'),
    ]),
    child("0000000000000b03", "chat gpt-5-mini", 1320, 2350, [
      attr("gen_ai.operation.name", "chat"),
      attr("gen_ai.provider.name", "openai"),
      attr("gen_ai.request.model", "gpt-5-mini"),
      attr("gen_ai.usage.input_tokens", 2400),
      attr("gen_ai.usage.output_tokens", 90),
    ]),
  ];
  return {
    resourceSpans: [
      { resource: { attributes: [attr("service.name", "billing-bot")] }, scopeSpans: [{ spans }] },
    ],
  };
}

test("an agent that runs elsewhere sends its trace with an ingest key and shows up as an observed run", async ({
  page,
  settings,
}) => {
  const pageErrors: Error[] = [];
  page.on("pageerror", (error) => pageErrors.push(error));
  await signInAs(page, "admin");
  await settings.goto();
  const key = await settings.createApiKey(unique("collector"), "ingest");
  await expect(settings.keyRow("collector").first()).toContainText("ingest");

  const traceId = `${Date.now().toString(16).padStart(16, "0")}${"c".repeat(16)}`;
  const sent = await page.request.post("/api/otlp/v1/traces", {
    data: exportRequest(traceId),
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  expect(sent.status()).toBe(200);
  // The key opens nothing else.
  const elsewhere = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(elsewhere.status()).toBe(403);

  await page.goto("/runs?source=otlp");
  const row = page.getByRole("row").filter({ hasText: "otlp:billing-bot" }).first();
  await expect(row).toContainText("observed");
  await saveScreen(page, "observed-runs");
  await row.getByRole("link").first().click();
  const run = new RunPage(page);
  await expect(run.status).toHaveText("succeeded");
  await expect(page.getByText("observed over OTLP")).toBeVisible();
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Run again" })).toHaveCount(0);
  await expect(run.toolStep("lookup_invoice")).toBeVisible();
  await saveScreen(page, "observed-run");
  expect(pageErrors).toEqual([]);
});
