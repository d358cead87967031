// Measures the extension host's event-loop delay while training runs (perf_hooks histogram), so
// we can show that trainer processes keep the host responsive. Pure Node: no vscode import.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface LagStats {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
  samples: number;
  /** The histogram's sampling period (ms). */
  resolutionMs: number;
  durationMs: number;
  /**
   * CPU time (user + system) this process used meanwhile: the host's own work, which unlike the
   * lag does not depend on how busy the rest of the machine is.
   */
  cpuMs: number;
}

/** Default sampling period of the host's lag histogram (ms). */
export const LAG_RESOLUTION_MS = 2;

export class EventLoopLagMonitor {
  private histogram: IntervalHistogram | undefined;
  private started = 0;
  private cpu: NodeJS.CpuUsage | undefined;

  /**
   * `resolutionMs`: the sampling timer's period. A block shorter than it can go unseen and one
   * longer is under-counted by up to a period, so the default is fine-grained (2 ms: 500 cheap
   * wake-ups a second, only while training).
   */
  constructor(readonly resolutionMs = LAG_RESOLUTION_MS) {}

  get running(): boolean {
    return this.histogram !== undefined;
  }

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.histogram.enable();
    this.started = performance.now();
    this.cpu = process.cpuUsage();
  }

  /** Stops and returns the statistics (undefined when it was not running). */
  stop(): LagStats | undefined {
    const h = this.histogram;
    if (!h) return undefined;
    h.disable();
    this.histogram = undefined;
    // The histogram records the timer's total delay, which includes the resolution period.
    const ms = (ns: number): number => Math.max(0, ns / 1e6 - this.resolutionMs);
    return {
      p50: ms(h.percentile(50)),
      p99: ms(h.percentile(99)),
      max: ms(h.max),
      mean: ms(h.mean),
      samples: h.count,
      resolutionMs: this.resolutionMs,
      durationMs: performance.now() - this.started,
      cpuMs: (() => { const d = process.cpuUsage(this.cpu); return (d.user + d.system) / 1000; })(),
    };
  }
}

export function formatLag(s: LagStats): string {
  const f = (v: number): string => v.toFixed(1);
  return `p50 ${f(s.p50)} ms, p99 ${f(s.p99)} ms, max ${f(s.max)} ms, mean ${f(s.mean)} ms over ${(s.durationMs / 1000).toFixed(1)} s (${s.samples} samples every ${s.resolutionMs} ms); host CPU ${s.cpuMs.toFixed(0)} ms (${((100 * s.cpuMs) / Math.max(1, s.durationMs)).toFixed(1)}% of one core)`;
}
