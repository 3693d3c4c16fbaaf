import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

// Hundreds of short-lived workers log every state change at INFO; on CI that buries the one failing assertion.
Runtime.install({
  logger: new DefaultLogger('WARN'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }) } },
});
