import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Message = { role: string; content?: string | null; tool_calls?: unknown[] };
type Reply =
  | {
      content?: string;
      /** `arguments` as a string is sent as is: malformed JSON drills. */
      toolCall?: { name: string; arguments: Record<string, unknown> | string };
      /** Reported usage, for drills of huge usage. */
      usage?: { prompt_tokens: number; completion_tokens: number };
    }
  /** A fault drill: answer with this status, headers and JSON body instead of a completion. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /** A fault drill: never answer (the client's timeout or abort ends the request). */
  | { stall: true };

/**
 * A tiny OpenAI-compatible Chat Completions server for tests: `script` decides each reply from the
 * conversation so far (and the requested model). Answers plain JSON, or server-sent chunks when the
 * request asks to stream; or, for fault drills, an HTTP error or nothing at all.
 */
export async function startFakeOpenAI(script: (messages: Message[], model: string) => Reply) {
  const requests: { model: string; stream: boolean; messages: Message[]; tools: unknown[] }[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req));
    requests.push({
      model: body.model,
      stream: Boolean(body.stream),
      messages: body.messages,
      tools: body.tools ?? [],
    });
    const reply = script(body.messages, body.model);
    if ("stall" in reply) return;
    if ("status" in reply) {
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(JSON.stringify(reply.body ?? { error: { message: `HTTP ${reply.status}` } }));
      return;
    }
    const toolCalls = reply.toolCall
      ? [
          {
            id: `call_${requests.length}`,
            type: "function",
            function: {
              name: reply.toolCall.name,
              arguments:
                typeof reply.toolCall.arguments === "string"
                  ? reply.toolCall.arguments
                  : JSON.stringify(reply.toolCall.arguments),
            },
          },
        ]
      : undefined;
    const finish = toolCalls ? "tool_calls" : "stop";
    const usage = reply.usage
      ? { ...reply.usage, total_tokens: reply.usage.prompt_tokens + reply.usage.completion_tokens }
      : {
          prompt_tokens: 120,
          completion_tokens: 30,
          total_tokens: 150,
          prompt_tokens_details: { cached_tokens: 20 },
        };
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          id: "cmpl",
          object: "chat.completion",
          created: 0,
          model: body.model,
          choices: [
            {
              index: 0,
              finish_reason: finish,
              message: { role: "assistant", content: reply.content ?? null, tool_calls: toolCalls },
            },
          ],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const chunk = (delta: unknown, finishReason: string | null, extra = {}) =>
      res.write(
        `data: ${JSON.stringify({ id: "cmpl", object: "chat.completion.chunk", created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`,
      );
    if (reply.content) chunk({ role: "assistant", content: reply.content }, null);
    if (toolCalls?.[0]) {
      const args = toolCalls[0].function.arguments;
      chunk(
        {
          tool_calls: [
            {
              index: 0,
              id: toolCalls[0].id,
              type: "function",
              function: { name: toolCalls[0].function.name, arguments: args.slice(0, 5) },
            },
          ],
        },
        null,
      );
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] }, null);
    }
    chunk({}, finish, { usage });
    res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
