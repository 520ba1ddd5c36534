/**
 * Registering a resource costs Pulumi's Node.js SDK four promises per property, and it records a stack
 * trace for each (`debuggablePromise` in @pulumi/pulumi/runtime/debuggable.js), only to name them if the
 * program ends with one still pending. AuthConfig registers about 20 properties, so capturing and
 * formatting those traces was most of its constructor's CPU: under Pulumi's mocks, 200 AuthConfigs took
 * 1.0 s of CPU with them and 0.4 s without (a plain dynamic resource with the workload's 7 properties:
 * 0.36 s). See BENCHMARKS.md.
 *
 * So the constructor registers with `Error.stackTraceLimit` at 0: it pauses before `super(...)` and
 * restores in `finally`. Nothing else runs in that synchronous stretch but Pulumi's constructor (and
 * the program's own transformations, which see the limit at 0). Pulumi's source position for the
 * resource is unaffected: it raises the limit itself while it takes that trace. An error thrown in
 * the stretch gets a stack taken after the limit is restored (`withStack`). With
 * PULUMI_DEBUG_PROMISE_LEAKS set (Pulumi's switch for debugging such leaks) nothing is paused.
 */

export interface PausedStackTraces {
  /** Puts the limit back (idempotent). */
  restore(): void;
  /** Restores, then gives an error created while paused (no frames) the stack of where it is caught. */
  withStack(error: unknown): unknown;
}

const FRAME = /\n\s+at /;

export function pauseStackTraces(): PausedStackTraces {
  const limit = Error.stackTraceLimit;
  const paused = !process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  if (paused) Error.stackTraceLimit = 0;
  let restored = !paused;
  const restore = () => {
    if (restored) return;
    restored = true;
    Error.stackTraceLimit = limit;
  };
  const withStack = (error: unknown) => {
    restore();
    if (paused && error instanceof Error && !FRAME.test(error.stack ?? "")) Error.captureStackTrace(error, withStack);
    return error;
  };
  return { restore, withStack };
}
