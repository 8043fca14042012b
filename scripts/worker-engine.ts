import { database } from "@/db/client";
import { env } from "@/lib/env";
import { engineConfigFromEnv } from "@/lib/runtime/engine-config";
import { newOwnerId, RunWorker } from "@/lib/worker/worker";

// One engine process under `npm run worker`'s supervisor, which has prepared the database (DATABASE_URL).
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
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
