import type { EngineProcess } from './engine-process.js';

/**
 * Issue 22 part 4: does a scan delay the UI? `app:info` round trips through `hirebox serve`
 * (the renderer's path: WebSocket → server thread → engine thread and back), p95 idle and
 * p95 while `work` (the backfill scan) runs, as a ratio. Goal: ≤ 2×. Writes its figures to
 * `report.responsiveness` and answers what `work` answered.
 */
export async function withResponsiveness<T>(engine: EngineProcess, report: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
  const busy: number[] = [];
  let done = false;
  const running = work().finally(() => (done = true));
  // Sampled every 20 ms while the scan runs, as a person clicking would.
  while (!done) {
    busy.push(await roundTrip(engine));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = await running;
  // Idle measured after the scan, so the scan's own timing (taken around this call) holds none of it.
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await roundTrip(engine));
  const idleP95 = percentile(idle, 95);
  const busyP95 = percentile(busy, 95);
  report.responsiveness = {
    name: 'app:info round trip through hirebox serve, idle and while the scan runs',
    idle: { calls: idle.length, p50Ms: round(percentile(idle, 50)), p95Ms: round(idleP95) },
    duringScan: { calls: busy.length, p50Ms: round(percentile(busy, 50)), p95Ms: round(busyP95), maxMs: round(Math.max(...busy, 0)) },
    ratioP95: busy.length === 0 ? null : round(busyP95 / idleP95),
    goal: '<= 2',
  };
  return result;
}

async function roundTrip(engine: EngineProcess): Promise<number> {
  const started = performance.now();
  await engine.call('app:info', {});
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
