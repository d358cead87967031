// Loaded into every Node process of a timed `reglab sweep` (NODE_OPTIONS=--require, which forked
// trainers inherit) by scripts/bench-sweep.mjs. On exit it appends one JSON line to
// $REGLAB_BENCH_CPU_LOG: the script, its lifetime, and its CPU seconds split into the main thread
// (the JavaScript that trains) and the other threads (V8's compiler and GC helpers, libuv's pool),
// read from /proc/self/task. That shows whether a trainer uses more than one core.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const log = process.env.REGLAB_BENCH_CPU_LOG;
if (log) {
  process.on('exit', () => {
    let mainS = 0;
    let threadsS = 0;
    let threads = 0;
    try {
      const ticks = 100; // USER_HZ on Linux
      for (const tid of fs.readdirSync('/proc/self/task')) {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const s = (Number(f[11]) + Number(f[12])) / ticks; // utime + stime
        if (Number(tid) === process.pid) mainS = s;
        else { threadsS += s; threads++; }
      }
    } catch { /* not Linux: the totals below still hold */ }
    const u = process.cpuUsage();
    fs.appendFileSync(log, JSON.stringify({
      pid: process.pid,
      script: path.basename(process.argv[1] ?? ''),
      lifeS: performance.now() / 1000,
      cpuS: (u.user + u.system) / 1e6,
      mainS,
      threadsS,
      threads,
    }) + '\n');
  });
}
