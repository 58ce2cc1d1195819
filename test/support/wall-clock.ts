/**
 * Moves every `Date` of this process by `offsetMs()`: the wall clock, as when a user or NTP
 * sets the system time. Timers and `performance.now()` keep their monotonic clock, as on a
 * real machine. Returns the function that puts the real `Date` back.
 */
export function shiftWallClock(offsetMs: () => number): () => void {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offsetMs();
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}
