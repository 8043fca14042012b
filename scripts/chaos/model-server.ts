import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4Message,
  LanguageModelV4Prompt,
} from "@ai-sdk/provider";
import { createSimulatorModel } from "@/lib/models/simulator";

type ChatMessage = {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
};
type ChatTool = { type: "function"; function: { name: string; description?: string; parameters: unknown } };

export type ModelFaults = {
  /** Share of requests (0–1) answered with a fault: 429, 500, 503 or a dropped connection, in turn. */
  rate: number;
};

/**
 * An OpenAI-compatible Chat Completions server for the chaos drill: each request is answered by the
 * simulator named by the request's model (e.g. "default:30" → sim:default:30), except a share that
 * fails the way providers do — rate limited, erroring, unavailable, or cut off mid-request.
 */
export async function startChaosModelServer(faults: ModelFaults) {
  let requests = 0;
  const injected = { 429: 0, 500: 0, 503: 0, dropped: 0 };
  const server: Server = createServer(async (req, res) => {
    try {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions"))
        return void res.writeHead(404).end();
      const body = JSON.parse(await readBody(req));
      requests += 1;
      if (Math.random() < faults.rate) {
        const kind = (["429", "500", "503", "dropped"] as const)[requests % 4] ?? "dropped";
        injected[kind] += 1;
        if (kind === "dropped") return void req.socket.destroy();
        res.writeHead(Number(kind), { "content-type": "application/json", "retry-after": "0" });
        return void res.end(JSON.stringify({ error: { message: `injected ${kind}` } }));
      }
      const model = createSimulatorModel(String(body.model));
      const result = await model.doGenerate(callOptions(body.messages, body.tools ?? []));
      const text = result.content.flatMap((c) => (c.type === "text" ? [c.text] : [])).join("");
      const calls = result.content.flatMap((c) =>
        c.type === "tool-call"
          ? [{ id: c.toolCallId, type: "function", function: { name: c.toolName, arguments: c.input } }]
          : [],
      );
      const usage = result.usage;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: `chaos-${requests}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              message: {
                role: "assistant",
                content: text || null,
                ...(calls.length > 0 ? { tool_calls: calls } : {}),
              },
              finish_reason: calls.length > 0 ? "tool_calls" : "stop",
            },
          ],
          usage: {
            prompt_tokens: usage.inputTokens.total ?? 0,
            completion_tokens: usage.outputTokens.total ?? 0,
            total_tokens: (usage.inputTokens.total ?? 0) + (usage.outputTokens.total ?? 0),
          },
        }),
      );
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    stats: () => ({ requests, injected: { ...injected } }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Chat Completions conversation as the AI SDK's prompt, which is what the simulator reads. */
function callOptions(messages: ChatMessage[], tools: ChatTool[]): LanguageModelV4CallOptions {
  const names = new Map<string, string>();
  const prompt: LanguageModelV4Prompt = messages.map((m): LanguageModelV4Message => {
    const text =
      typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text ?? "").join("");
    if (m.role === "system") return { role: "system", content: text };
    if (m.role === "user") return { role: "user", content: [{ type: "text", text }] };
    if (m.role === "assistant") {
      for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
      return {
        role: "assistant",
        content: [
          ...(text ? [{ type: "text" as const, text }] : []),
          ...(m.tool_calls ?? []).map((call) => ({
            type: "tool-call" as const,
            toolCallId: call.id,
            toolName: call.function.name,
            input: call.function.arguments,
          })),
        ],
      };
    }
    const id = m.tool_call_id ?? "";
    return {
      role: "tool",
      content: [
        {
          type: "tool-result",
          toolCallId: id,
          toolName: names.get(id) ?? "",
          output: { type: "text", value: text },
        },
      ],
    };
  });
  const functionTools: LanguageModelV4FunctionTool[] = tools.map((t) => ({
    type: "function",
    name: t.function.name,
    description: t.function.description,
    inputSchema: t.function.parameters as LanguageModelV4FunctionTool["inputSchema"],
  }));
  return { prompt, tools: functionTools };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}
