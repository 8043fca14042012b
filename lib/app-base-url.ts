import { env } from "@/lib/env";

/**
 * The URL the run engine gives tools for this app (engineConfigFromEnv), so facts such as
 * `own_host` come out in a test exactly as they would in a run.
 */
export const appBaseUrl = (): string => `http://127.0.0.1:${env().PORT}`;
