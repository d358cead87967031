// A control for the host's lag figure: an idle Node process that measures its own event-loop
// delay (same histogram, same resolution) over the same period. Its p99 is what the machine's
// contention alone does to a loop that has no work; the host's p99 above it is RegLab's share.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ControlLag { p50: number; p99: number; max: number; samples: number }

const SCRIPT = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const res = Number(process.argv[1]);
const h = monitorEventLoopDelay({ resolution: res });
h.enable();
process.stdin.resume();
process.stdin.on('end', () => {
  h.disable();
  const ms = (ns) => Math.max(0, ns / 1e6 - res);
  process.stdout.write(JSON.stringify({ p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count }));
});`;

export class IdleLoopControl {
  private readonly child: ChildProcess;
  private out = '';

  constructor(resolutionMs: number) {
    // process.execPath is the Node that runs the extension host (code-server's or VS Code's).
    this.child = spawn(process.execPath, ['-e', SCRIPT, String(resolutionMs)], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    this.child.stdout!.on('data', (d) => (this.out += d));
  }

  /** Ends the measurement and returns the control's figures. */
  stop(): Promise<ControlLag> {
    return new Promise((resolve, reject) => {
      this.child.once('exit', () => {
        try { resolve(JSON.parse(this.out) as ControlLag); } catch { reject(new Error(`the control process printed ${JSON.stringify(this.out)}`)); }
      });
      this.child.stdin!.end();
    });
  }
}
