/**
 * How deliveries are retried (pg-boss retry settings of the `deliveries` queue). The delay doubles from
 * `retryDelaySeconds` up to `retryDelayMaxSeconds`, so after an outage every waiting message is tried again
 * within `retryDelayMaxSeconds` of recovery; after `maxAttempts` a delivery is given up (`failed`). A worker that
 * dies mid-batch stops sending heartbeats, and its jobs go back to the queue after `heartbeatSeconds`.
 */
export class DeliveryOptions {
  maxAttempts = 40;
  retryDelaySeconds = 2;
  retryDelayMaxSeconds = 60;
  heartbeatSeconds = 10;
  /**
   * How often pg-boss's supervisor runs, and how often it may sweep a queue for jobs whose worker went silent
   * (pg-boss only sweeps a queue once per `monitorIntervalSeconds`, 60 by default: with that default a
   * crashed worker's jobs waited a minute or more). A crashed worker's jobs are retried within about
   * `heartbeatSeconds` + `monitorIntervalSeconds`.
   */
  superviseIntervalSeconds = 5;
  monitorIntervalSeconds = 5;
  /**
   * How often an idle worker looks for jobs (pg-boss's minimum is 0.5 s). Jobs queued by this instance wake its
   * worker at once; those queued by another instance, and retries coming due, wait for the next look.
   */
  pollingIntervalSeconds = 0.5;
  /**
   * Jobs one worker fetches at a time (sent concurrently over the SMTP pool). The next fetch waits for the whole
   * batch, so under a steady stream of bookings a larger batch keeps up where 25 fell behind (see tools/bench).
   */
  batchSize = 50;
  /**
   * Batches one instance sends at once (pg-boss workers, each fetching and sending its own). With one, a batch's
   * statements and SMTP replies waited behind every request the event loop was serving, and the next fetch
   * behind the batch's slowest message: under bookings at ~150/s the queue grew for as long as they lasted
   * (commit → SMTP accept p99 2.1–2.6 s); with three, 0.5–1.2 s (see tools/bench).
   */
  concurrency = 3;
  /** Whether this process sends (DELIVERY_WORKER, true by default; false: it only queues, another instance sends). */
  work = true;
}
