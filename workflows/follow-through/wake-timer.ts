import { CancellationScope, condition, sleep } from '@temporalio/workflow';

export interface Wake {
  at: number;
  summary: string;
}

interface ArmedTimer {
  at: number;
  scope: CancellationScope;
  fired: boolean;
  done: Promise<void>;
}

/**
 * The main loop's wake-up timer, kept across changes while the wake-up time stays put (rules revision 5). A
 * `condition` with a timeout cancels its timer whenever the lead changes, and the next turn starts another for the
 * same moment: two history events per change that bought nothing.
 */
export class WakeTimer {
  private armed: ArmedTimer | undefined;

  /** Keeps the timer when `wake` is the time it is set for; otherwise cancels it and sets one for `wake`. */
  arm(wake: Wake | undefined): void {
    if (this.armed?.at === wake?.at) return;
    this.armed?.scope.cancel();
    this.armed = undefined;
    if (!wake) return;
    const scope = new CancellationScope();
    const timer: ArmedTimer = { at: wake.at, scope, fired: false, done: Promise.resolve() };
    timer.done = scope
      .run(() => sleep(Math.max(0, wake.at - Date.now()), { summary: wake.summary }))
      .then(
        () => {
          timer.fired = true;
        },
        // Cancelled because the wake-up moved: nothing is due.
        () => undefined,
      );
    this.armed = timer;
  }

  /** Waits until `changed()` holds or the timer fires; true when it fired, and then the timer is spent. */
  async wait(changed: () => boolean): Promise<boolean> {
    const timer = this.armed;
    if (!timer) {
      await condition(changed);
      return false;
    }
    // The condition is given up when the timer wins, so it does not stay registered for the rest of the run.
    await CancellationScope.cancellable(async () => {
      try {
        await Promise.race([condition(changed), timer.done]);
      } finally {
        CancellationScope.current().cancel();
      }
    });
    if (!timer.fired) return false;
    this.armed = undefined;
    return true;
  }
}
