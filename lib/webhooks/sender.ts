import type postgres from "postgres";
import type { Db } from "@/db/client";
import { isDatabaseUnavailable } from "@/db/connection-errors";
import { WEBHOOKS_CHANNEL } from "@/lib/engine-events/webhooks-channel";
import { type DeliveryOptions, deliverDueWebhooks } from "./deliver";

/**
 * Sends the tenant's webhooks from a worker process: at once when a delivery is queued anywhere
 * (LISTEN), and on the worker's sweep for retries that come due.
 */
export class WebhookSender {
  private sending = false;
  private again = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    private readonly options?: DeliveryOptions,
  ) {}

  async start(sql: postgres.Sql): Promise<void> {
    const listener = await sql.listen(WEBHOOKS_CHANNEL, () => this.wake());
    this.unlisten = listener.unlisten;
    this.wake();
  }

  /** Sends what is due; calls while sending coalesce into one more round. */
  wake(): void {
    if (this.stopped) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void this.sendAll().finally(() => {
      this.sending = false;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async sendAll(): Promise<void> {
    try {
      while (!this.stopped && (await deliverDueWebhooks(this.db, this.options)) > 0);
    } catch (error) {
      if (isDatabaseUnavailable(error)) console.error("Sending webhooks failed: the database is unavailable");
      else console.error("Sending webhooks failed", error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unlisten?.().catch(() => {});
  }
}
