import { database } from "@/db/client";
import { evalCli } from "@/lib/evals/eval-cli";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { engineConfigFromEnv } from "@/lib/runtime/engine-config";
import { prepare } from "./prepare";

// `npm run eval`: the same database as the app (DATABASE_URL, else the embedded one), the real engine.
const resolved = await prepare();
const { db } = database();
const engine = {
  ...engineConfigFromEnv(db, `eval:${process.pid}`),
  // Short backoffs, and breakers no case's faults can open for the next case (they are per process).
  resilience: { ...DEFAULT_RESILIENCE, baseDelayMs: 5, maxDelayMs: 50, breakerFailures: 1_000_000 },
};
const code = await evalCli(db, process.argv.slice(2), { engine, log: (line) => console.log(line) });
await database().close();
await resolved.embedded?.stop();
process.exit(code);
