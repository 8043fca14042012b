/**
 * The abort signal of one model or tool call: aborts when the run's signal does, or when the
 * call's time is up. `dispose` when the call settles, so no timer outlives it and the run's
 * signal keeps no listener per call. (AbortSignal.timeout with AbortSignal.any does the same with
 * a timer that fires seconds after every call and a composite signal per call: measurably slower
 * when thousands of calls run per second.)
 */
export function callSignal(parent: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener("abort", onParentAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
  }, timeoutMs);
  return {
    signal: controller.signal,
    /** Whether the call's own time ran out (rather than the run being stopped). */
    timedOut: () => timedOut,
    dispose(): void {
      clearTimeout(timer);
      parent.removeEventListener("abort", onParentAbort);
    },
  };
}
