import type { ToolStepStatus } from "@/db/schema";

/**
 * A proposed call the envelope refused as out of bounds (policy denied it, or the agent was never
 * granted the tool), as opposed to a mistake (invalid arguments) or a person's rejection. Each one
 * flags the run; enough of them end it.
 */
export const isSecurityAttempt = (status: ToolStepStatus): boolean =>
  status === "denied" || status === "unknown_tool";

/** A call refused because its arguments did not match the tool's schema: counted on the run, not a flag. */
export const isInvalidCall = (status: ToolStepStatus): boolean => status === "invalid";

/** Refused calls after which the run ends `policy_denied`: a model that keeps pushing is stopped. */
export const SECURITY_ATTEMPT_LIMIT = 3;
