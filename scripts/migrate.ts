import { database } from "@/db/client";
import { prepare } from "./prepare";

const resolved = await prepare();
console.log("Migrations applied.");
await database().close();
await resolved.embedded?.stop();
