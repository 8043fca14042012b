/**
 * A pause that a notification can cut short: a long-poll sleeps between checks of what it waits for
 * (at most `ms`), and `wake()` from a LISTEN handler ends the current sleep at once.
 */
export function wakeableNap() {
  let wake: (() => void) | undefined;
  return {
    sleep(ms: number): Promise<void> {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    wake(): void {
      wake?.();
    },
  };
}
