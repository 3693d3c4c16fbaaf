/**
 * Metrics in Prometheus format: the Temporal SDK's own (task latencies, polls, failures) and the engine's counters.
 * Workflow-side counters (leads started, gates) come from workflows/metrics-interceptor.ts; the rest are counted
 * here, where the work happens: emails at the mailer, uploads at the recording store, invoices and failures around
 * activities. All go through the runtime's one metric meter, so one endpoint serves everything.
 */
import type { Context as ActivityContext } from '@temporalio/activity';
import type { MetricCounter, MetricMeter } from '@temporalio/common';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  type ActivityInterceptorsFactory,
} from '@temporalio/worker';
import type { RecordingStore } from '../activities/drive/port';
import type { Mailer } from '../activities/email/port';

/** Where the worker serves `/metrics`; `undefined` turns the endpoint off. */
export interface MetricsConfig {
  /** `host:port`, e.g. `127.0.0.1:9464`. */
  bindAddress: string | undefined;
}

export const DEFAULT_METRICS_PORT = 9464;

/**
 * METRICS_PORT (default 9464, `off` to turn it off) and METRICS_HOST (default 127.0.0.1: the metrics are not for the
 * whole network unless asked).
 */
export function loadMetricsConfig(env: NodeJS.ProcessEnv): MetricsConfig {
  const port = env.METRICS_PORT?.trim() || String(DEFAULT_METRICS_PORT);
  if (port.toLowerCase() === 'off') return { bindAddress: undefined };
  const number = Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new Error('METRICS_PORT: must be a port number from 1 to 65535, or off');
  }
  const host = env.METRICS_HOST?.trim() || '127.0.0.1';
  return { bindAddress: `${host}:${number}` };
}

/**
 * Installs the SDK runtime with the Prometheus exporter. Must run before the first connection or worker is made;
 * the exporter then listens for as long as the process lives.
 */
export function installRuntime(config: MetricsConfig): void {
  Runtime.install({
    logger: new DefaultLogger('INFO'),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
      ...(config.bindAddress
        ? { metrics: { prometheus: { bindAddress: config.bindAddress, countersTotalSuffix: true } } }
        : {}),
    },
  });
}

/** The engine's activity-side counters, created once on a meter (the runtime's). */
export class EngineMetrics {
  readonly emailsSent: MetricCounter;
  readonly uploads: MetricCounter;
  readonly invoicesDrafted: MetricCounter;
  readonly invoicesSent: MetricCounter;
  readonly activityFailures: MetricCounter;

  constructor(meter: MetricMeter) {
    this.emailsSent = meter.createCounter(
      'lifecycle_emails_sent',
      '1',
      'Emails handed to SMTP or written to the outbox',
    );
    this.uploads = meter.createCounter('lifecycle_uploads', '1', 'Meeting recordings stored in Drive or the folder');
    this.invoicesDrafted = meter.createCounter('lifecycle_invoices_drafted', '1', 'Invoices drafted for review');
    this.invoicesSent = meter.createCounter('lifecycle_invoices_sent', '1', 'Approved invoices emailed to clients');
    this.activityFailures = meter.createCounter(
      'lifecycle_activity_failures',
      '1',
      'Failed activity attempts (each retry counts), by activity',
    );
  }

  static fromRuntime(): EngineMetrics {
    return new EngineMetrics(Runtime.instance().metricMeter);
  }

  /** Counts what the mailer really sent: a retry that finds the message already sent sends, and counts, nothing. */
  countMailer(mailer: Mailer): Mailer {
    return {
      send: async (message) => {
        const result = await mailer.send(message);
        if (result.delivered) this.emailsSent.add(1);
        return result;
      },
    };
  }

  countRecordings(store: RecordingStore): RecordingStore {
    return {
      storeRecording: async (request) => {
        const stored = await store.storeRecording(request);
        if (stored.uploaded) this.uploads.add(1);
        return stored;
      },
    };
  }

  /** Invoices drafted and sent, and every failed activity attempt, named by its activity type. */
  activityInterceptor(): ActivityInterceptorsFactory {
    return (ctx: ActivityContext) => ({
      inbound: {
        execute: async (input, next) => {
          const activityType = ctx.info.activityType;
          try {
            const result = await next(input);
            if (activityType === 'draftInvoice') this.invoicesDrafted.add(1);
            if (activityType === 'sendInvoice') this.invoicesSent.add(1);
            return result;
          } catch (error) {
            this.activityFailures.add(1, { activity_type: activityType });
            throw error;
          }
        },
      },
    });
  }
}
