import path from "node:path";
import { prepare } from "./prepare";
import { supervise } from "./supervise";

// `npm run worker`: the run engine without the web app, in a process of its own that is started
// again if it dies. Run as many as you like against one DATABASE_URL.
const resolved = await prepare();
const engine = supervise({
  args: ["--import", "tsx", path.join(import.meta.dirname, "worker-engine.ts")],
});

async function shutdown() {
  await engine.stop();
  await resolved.embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
