"""PyTorch side of `npm run bench`: ms per AdamW training step of an MLP on one CPU thread.

Usage: /usr/bin/python3 scripts/bench-torch.py '<json list of cases>'
Each case: {"name", "sizes": [in, h..., out], "batch", "steps", "repeats", "warmup"}.
Prints one JSON object per case: {"name", "msPerStep": [median of repeats], "samples": [...]}.
The loop is the ordinary PyTorch one (zero_grad, forward, cross-entropy, backward, step) with the
loss accumulated as a tensor (no per-step .item()), over batches sliced from a fixed data set.
"""
import json
import statistics
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


def bench(case):
    sizes, batch = case["sizes"], case["batch"]
    n = batch * 16
    x_all = torch.randn(n, sizes[0])
    y_all = torch.randint(0, sizes[-1], (n,))
    model = build(sizes)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
    loss_fn = torch.nn.CrossEntropyLoss()
    batches = [(x_all[i:i + batch], y_all[i:i + batch]) for i in range(0, n, batch)]

    def run(steps):
        total = torch.zeros(())
        for s in range(steps):
            x, y = batches[s % len(batches)]
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total += loss.detach()
        return float(total)

    run(case["warmup"])
    samples = []
    for _ in range(case["repeats"]):
        t0 = time.perf_counter()
        run(case["steps"])
        samples.append((time.perf_counter() - t0) * 1000 / case["steps"])
    return {"name": case["name"], "msPerStep": statistics.median(samples), "samples": samples,
            "torch": torch.__version__, "threads": torch.get_num_threads()}


for c in json.loads(sys.argv[1]):
    print(json.dumps(bench(c)), flush=True)
