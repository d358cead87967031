"""PyTorch reference trainer for RegLab's parity tests.

Reads {"cases": [...]} as JSON on stdin and prints {"results": {case id: {...}}} on stdout.
Each case describes an experiment the way a PyTorch user would write it; this script builds the
nn.Sequential, the torch.optim optimizer and its param groups, the penalties and the batches
independently of RegLab's TypeScript, trains in float32 on one thread, and reports the final
parameters, BatchNorm buffers, per-epoch mean training loss and the final validation loss.

Case fields:
  id, task ("classification" | "regression"), seed (unused here: init is given),
  model {inputs, outputs, hidden, activation, norm, bias}, init {name: nested list},
  data {xTrain, yTrain, xVal, yVal} (row-major flat lists + sizes nTrain, nVal),
  optimizer: raw options, only the keys the experiment gave (torch fills the rest),
  paramGroups: "all" | "exclude-bias-norm" | "exclude-1d" | [{match, <raw options>}...],
  penalty {l1, l2, params, l1Mode, activationL1, activationL2},
  orders: [[row indices of epoch 1 in training order], ...], batchSize.
"""
import json
import re
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float32)

ACT = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
KEYS = {"lr": "lr", "momentum": "momentum", "dampening": "dampening", "nesterov": "nesterov",
        "betas": "betas", "eps": "eps", "amsgrad": "amsgrad", "weightDecay": "weight_decay"}
OPT = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}


def build_model(m):
    layers, fan_in = [], m["inputs"]
    for h in m["hidden"]:
        layers.append(nn.Linear(fan_in, h, bias=m["bias"]))
        if m["norm"] == "layernorm":
            layers.append(nn.LayerNorm(h))
        elif m["norm"] == "batchnorm":
            layers.append(nn.BatchNorm1d(h))
        layers.append(ACT[m["activation"]]())
        fan_in = h
    layers.append(nn.Linear(fan_in, m["outputs"], bias=m["bias"]))
    return nn.Sequential(*layers)


def torch_options(raw):
    return {KEYS[k]: (tuple(v) if k == "betas" else v) for k, v in raw.items() if k in KEYS}


def is_norm_param(model, name):
    return isinstance(model[int(name.split(".")[0])], (nn.LayerNorm, nn.BatchNorm1d))


def param_groups(model, spec):
    named = list(model.named_parameters())
    if spec == "all":
        return [p for _, p in named]
    if spec in ("exclude-bias-norm", "exclude-1d"):
        if spec == "exclude-bias-norm":
            no_decay = lambda n, p: n.endswith("bias") or is_norm_param(model, n)
        else:
            no_decay = lambda n, p: p.ndim < 2
        decay = [p for n, p in named if not no_decay(n, p)]
        rest = [p for n, p in named if no_decay(n, p)]
        groups = []
        if decay:
            groups.append({"params": decay})
        if rest:
            groups.append({"params": rest, "weight_decay": 0.0})
        return groups
    groups = [dict(torch_options(g), params=[]) for g in spec]
    unmatched = []
    for n, p in named:
        for g, s in zip(groups, spec):
            if re.search(s["match"], n):
                g["params"].append(p)
                break
        else:
            unmatched.append(p)
    if unmatched:
        groups.append({"params": unmatched})
    return groups


def selected(model, sel):
    named = list(model.named_parameters())
    if sel == "all":
        return [p for _, p in named]
    if sel == "weights":
        return [p for n, p in named if n.endswith("weight") and isinstance(model[int(n.split(".")[0])], nn.Linear)]
    return [p for n, p in named if re.search(sel, n)]


def run_case(c):
    torch.manual_seed(0)
    model = build_model(c["model"])
    names = [n for n, _ in model.named_parameters()]
    init = c["init"]
    assert sorted(names) == sorted(k for k in init if "running" not in k), (names, list(init))
    with torch.no_grad():
        for n, p in model.named_parameters():
            p.copy_(torch.tensor(init[n], dtype=torch.float32))
    opt_raw = c["optimizer"]
    opt = OPT[opt_raw["type"]](param_groups(model, c["paramGroups"]), **torch_options(opt_raw))
    pen = c["penalty"]
    sel = selected(model, pen["params"])
    proximal = pen["l1Mode"] == "proximal" and pen["l1"] > 0
    lr_of = {id(p): g["lr"] for g in opt.param_groups for p in g["params"]}

    acts = []
    for mod in model:
        if isinstance(mod, tuple(ACT.values())):
            mod.register_forward_hook(lambda _m, _i, out: acts.append(out))

    d = c["data"]
    f = c["model"]["inputs"]
    x = torch.tensor(d["xTrain"], dtype=torch.float32).view(d["nTrain"], f)
    xv = torch.tensor(d["xVal"], dtype=torch.float32).view(d["nVal"], f)
    if c["task"] == "classification":
        y, yv = torch.tensor(d["yTrain"]).long(), torch.tensor(d["yVal"]).long()
        loss_fn = F.cross_entropy
    else:
        y, yv = torch.tensor(d["yTrain"], dtype=torch.float32).view(-1, 1), torch.tensor(d["yVal"], dtype=torch.float32).view(-1, 1)
        loss_fn = F.mse_loss

    epoch_losses, epoch_penalties = [], []
    for order in c["orders"]:
        model.train()
        order = torch.tensor(order, dtype=torch.long)
        losses, pens = [], []
        for start in range(0, len(order), c["batchSize"]):
            idx = order[start:start + c["batchSize"]]
            acts.clear()
            out = model(x[idx])
            data_loss = loss_fn(out, y[idx])
            penalty = torch.zeros(())
            B = len(idx)
            for h in acts:
                if pen["activationL1"] > 0:
                    penalty = penalty + pen["activationL1"] * h.abs().sum() / B
                if pen["activationL2"] > 0:
                    penalty = penalty + pen["activationL2"] * (h ** 2).sum() / B
            if pen["l1"] > 0 and not proximal:
                penalty = penalty + pen["l1"] * sum(p.abs().sum() for p in sel)
            if pen["l2"] > 0:
                penalty = penalty + pen["l2"] * sum((p ** 2).sum() for p in sel)
            reported = penalty.item()
            if proximal:  # the l1 term is part of the objective (reported, before the step) but not differentiated
                with torch.no_grad():
                    reported += (pen["l1"] * sum(p.abs().sum() for p in sel)).item()
            opt.zero_grad()
            (data_loss + penalty).backward()
            opt.step()
            if proximal:
                with torch.no_grad():
                    for p in sel:
                        p.copy_(p.sign() * (p.abs() - lr_of[id(p)] * pen["l1"]).clamp(min=0))
            losses.append(data_loss.item())
            pens.append(reported)
        epoch_losses.append(sum(losses) / len(losses))
        epoch_penalties.append(sum(pens) / len(pens))
    model.eval()
    with torch.no_grad():
        val_loss = loss_fn(model(xv), yv).item()
    state = model.state_dict()
    return {
        "params": {n: p.detach().tolist() for n, p in model.named_parameters()},
        "buffers": {k: v.tolist() for k, v in state.items() if "running" in k},
        "trainLoss": epoch_losses,
        "penalty": epoch_penalties,
        "valLoss": val_loss,
        "groups": [{"lr": g["lr"], "weight_decay": g["weight_decay"], "n": len(g["params"])} for g in opt.param_groups],
    }


def main():
    cases = json.load(sys.stdin)["cases"]
    results = {}
    for c in cases:
        try:
            results[c["id"]] = run_case(c)
        except Exception as e:  # reported per case so one bad case does not hide the others
            results[c["id"]] = {"error": f"{type(e).__name__}: {e}"}
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
