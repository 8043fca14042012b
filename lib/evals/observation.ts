/** What a case's run did, as the checker reads it: the run's end and numbers, its calls, the shop after. */
export type Observation = {
  status: string;
  stopReason: string | null;
  /** Committed steps: model calls and tool calls. */
  steps: number;
  /** Null when a model call of the run was unpriced. */
  costUsd: number | null;
  /** Calls the envelope refused: out of bounds (denied, never granted) or with invalid arguments. */
  refusedCalls: number;
  calls: ObservedCall[];
  shop: {
    tickets: { id: string; status: string }[];
    refunds: { orderId: string; amountUsd: number }[];
    emails: { to: string; status: string }[];
  };
};

export type ObservedCall = {
  tool: string;
  args: Record<string, unknown>;
  status: string;
  /** The call acted and left a receipt (a dry run's preview does not count). */
  receipt: boolean;
};
