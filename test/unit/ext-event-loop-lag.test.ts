// The event-loop lag monitor sees a blocked loop, and reports the host's own CPU time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventLoopLagMonitor, formatLag } from '../../src/extension/runs/eventLoopLag';

test('a 120 ms (CPU) block shows up as the max delay and in the CPU time; an idle loop stays near 0', async () => {
  const idle = new EventLoopLagMonitor(5);
  idle.start();
  await new Promise((r) => setTimeout(r, 300));
  const quiet = idle.stop()!;

  const m = new EventLoopLagMonitor(5);
  m.start();
  assert.ok(m.running);
  await new Promise((r) => setTimeout(r, 100));
  // Block the loop for 120 ms of CPU time (wall time is longer on a busy machine).
  const c0 = process.cpuUsage();
  for (;;) { const d = process.cpuUsage(c0); if (d.user + d.system >= 120_000) break; }
  await new Promise((r) => setTimeout(r, 100));
  const s = m.stop()!;
  assert.ok(!m.running);
  assert.ok(s.max >= 100, `max ${s.max}`);
  assert.ok(s.cpuMs >= 100, `cpu ${s.cpuMs}`);
  assert.ok(s.samples > 5);
  assert.ok(quiet.cpuMs < s.cpuMs);
  assert.match(formatLag(s), /p99 [\d.]+ ms, max [\d.]+ ms.*host CPU \d+ ms/);
  assert.equal(m.stop(), undefined, 'stopping twice reports nothing');
});
