/** next-auth reports a refusal of the throttle as "TooManyAttempts:<seconds>". */
export function signInError(error: string | null | undefined): string {
  if (error === "TenantSuspended")
    return "Your tenant is suspended by the deployment's operator: nobody can sign in to it until it is resumed.";
  const throttled = /^TooManyAttempts:(\d+)$/.exec(error ?? "");
  if (!throttled) return "That email and password do not match an account.";
  const minutes = Math.max(1, Math.ceil(Number(throttled[1]) / 60));
  return `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
