import { database } from "@/db/client";
import { env } from "@/lib/env";
import { engineConfigFromEnv } from "@/lib/runtime/engine-config";
import { newOwnerId, RunWorker } from "@/lib/runtime/worker";
import { prepare } from "./prepare";

// `npm run worker`: the run engine without the web app. Run as many as you like against one DATABASE_URL.
const resolved = await prepare();
const owner = newOwnerId();
const worker = new RunWorker(engineConfigFromEnv(database().db, owner), database().sql, {
  concurrency: env().FLIGHTDECK_WORKER_CONCURRENCY,
});
await worker.start();
console.log(
  `Flightdeck worker ${owner} is taking runs (concurrency ${env().FLIGHTDECK_WORKER_CONCURRENCY}).`,
);

async function shutdown() {
  await worker.stop();
  await database().close();
  await resolved.embedded?.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
