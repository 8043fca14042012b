// Run as a child process by the tests (via tsx): the test MCP server on stdin/stdout.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { testMcpServer } from "./test-server";

await testMcpServer().connect(new StdioServerTransport());
