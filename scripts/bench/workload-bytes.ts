import { withWarmBench } from "./warm-bench";
import { storagePerTaskStep } from "./workload-cost";

// `npm run bench:workload-bytes [turns...]`: only the bytes per task step of issue #25's workload
// (concurrency 1, WAL and stored bytes by table), for tasks of each given number of tool turns
// (10 by default). Bytes do not move with the host's load the way times do.
const turnCounts = process.argv.slice(2).map(Number);
await withWarmBench(async (database, url, tenant) => {
  for (const turns of turnCounts.length > 0 ? turnCounts : [10]) {
    const s = await storagePerTaskStep(database, url, tenant, turns);
    const byTable = Object.entries(s.storedByTable)
      .map(([t, b]) => `${t} ${b.toFixed(0)}`)
      .join(", ");
    console.log(
      `${turns} turns: ${s.walBytes.toFixed(0)} B WAL, ${s.storedBytes.toFixed(0)} B stored per task step ` +
        `(${byTable}); ${s.statements.toFixed(2)} statements, ${s.transactions.toFixed(2)} transactions`,
    );
    if (s.walByRelation)
      console.log(
        `  WAL by relation: ${Object.entries(s.walByRelation)
          .map(([r, b]) => `${r} ${b.toFixed(0)}`)
          .join(", ")}`,
      );
  }
});
