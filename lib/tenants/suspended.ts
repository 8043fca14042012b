import { AppError } from "@/lib/errors";

/** What members and keys of a suspended tenant are told; it names nobody. */
export const tenantSuspended = (): AppError =>
  new AppError(
    "forbidden",
    "This tenant is suspended by the deployment's operator: its members cannot sign in and its API keys are refused until it is resumed.",
  );
