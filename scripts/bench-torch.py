"""PyTorch side of `npm run bench`: ms per AdamW training step of an MLP on one CPU thread.

Protocol (JSON lines on stdin/stdout, driven by scripts/bench.mjs):
  {"cmd": "init"}                                          -> {"torch": version, "threads": 1}
  {"cmd": "run", "case": {name, sizes, batch}, "steps": N} -> {"name", "ms", "cpuMs"}   (per step:
                                                              wall time, process CPU time)
The loop is the ordinary PyTorch one (zero_grad, forward, CrossEntropyLoss, backward, step) over
batches sliced from a fixed data set, with the loss accumulated as a tensor (no per-step .item()).
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)


def build(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


class Case:
    def __init__(self, c):
        sizes, batch = c["sizes"], c["batch"]
        n = batch * 16
        x_all = torch.randn(n, sizes[0])
        y_all = torch.randint(0, sizes[-1], (n,))
        self.model = build(sizes)
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=1e-3, weight_decay=1e-2)
        self.loss_fn = torch.nn.CrossEntropyLoss()
        self.batches = [(x_all[i:i + batch], y_all[i:i + batch]) for i in range(0, n, batch)]
        self.cursor = 0

    def run(self, steps):
        total = torch.zeros(())
        c0 = time.process_time()
        t0 = time.perf_counter()
        for _ in range(steps):
            x, y = self.batches[self.cursor]
            self.cursor = (self.cursor + 1) % len(self.batches)
            self.opt.zero_grad()
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            self.opt.step()
            total += loss.detach()
        value = float(total)
        ms = (time.perf_counter() - t0) * 1000 / steps
        cpu_ms = (time.process_time() - c0) * 1000 / steps
        if value != value:
            raise RuntimeError("non-finite loss in the benchmark run")
        return ms, cpu_ms


cases = {}
for line in sys.stdin:
    msg = json.loads(line)
    try:
        if msg["cmd"] == "init":
            out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
        elif msg["cmd"] == "run":
            c = msg["case"]
            if c["name"] not in cases:
                cases[c["name"]] = Case(c)
            ms, cpu_ms = cases[c["name"]].run(msg.get("steps", 100))
            out = {"name": c["name"], "ms": ms, "cpuMs": cpu_ms}
        else:
            raise ValueError("unknown command %r" % msg["cmd"])
    except Exception as e:  # reported to bench.mjs, which prints it
        out = {"error": repr(e)}
    print(json.dumps(out), flush=True)
