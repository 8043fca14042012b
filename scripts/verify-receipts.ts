import { database } from "@/db/client";
import { verifyAllReceipts } from "@/lib/receipts/verify";
import { prepare } from "./prepare";

const resolved = await prepare();
const { exitCode } = await verifyAllReceipts(database().db);
await database().close();
await resolved.embedded?.stop();
process.exit(exitCode);
