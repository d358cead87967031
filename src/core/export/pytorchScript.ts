// `reglab export-pytorch`: a self-contained PyTorch script that runs the same experiment as the
// RegLab engine. Same data (the exact float32 arrays, base64 little-endian), same initial
// parameters (the init table, or the engine's seeded default init), the same nn.Sequential names,
// torch.optim with the same parameter groups, the same penalties, the same batch order (RegLab's
// mulberry32 stream ported to Python) and eval-mode validation after every epoch.
import type { Dataset } from '../data/types';
import type { ResolvedExperiment } from '../experiment/types';
import { moduleLayout, parameterShapes, type ParamSpec } from '../model/paramSpecs';
import { resolveParamGroups, type GroupOptions } from '../optim/paramGroups';
import { planPenalty } from '../penalty/plan';
import { PYTHON_RNG } from './pythonRng';

export interface InitialState {
  /** One buffer per parameter, in parameterShapes order. */
  params: Float32Array[];
  /** BatchNorm running statistics by state_dict name, when the init table gives them. */
  buffers: Map<string, Float32Array>;
}

const TORCH_OPTIMIZER = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW' } as const;
const TORCH_ACTIVATION = { relu: 'nn.ReLU()', tanh: 'nn.Tanh()', sigmoid: 'nn.Sigmoid()', linear: 'nn.Identity()' } as const;

/** Python literal of a number, boolean or string. */
function py(v: number | boolean | string | readonly number[]): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `(${v.map((x) => py(x)).join(', ')})`;
  const n = v as number;
  if (!Number.isFinite(n)) throw new Error(`cannot export the non-finite number ${n}`);
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** A base64 float32 (little-endian) literal, wrapped in implicitly concatenated lines. */
function b64(values: Float32Array, indent: string): string {
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const s = bytes.toString('base64');
  if (s.length <= 88) return `"${s}"`;
  const lines: string[] = [];
  for (let i = 0; i < s.length; i += 96) lines.push(`${indent}"${s.slice(i, i + 96)}"`);
  return `(\n${lines.join('\n')}\n${indent.slice(4)})`;
}

/** Options of a torch optimizer constructor or group, in torch's keyword names. */
function torchOptions(type: ResolvedExperiment['optimizer']['type'], o: GroupOptions): Array<[string, string]> {
  const common: Array<[string, string]> = [['lr', py(o.lr)]];
  if (type === 'sgd') {
    return [...common, ['momentum', py(o.momentum)], ['dampening', py(o.dampening)], ['weight_decay', py(o.weightDecay)], ['nesterov', py(o.nesterov)]];
  }
  return [...common, ['betas', py(o.betas)], ['eps', py(o.eps)], ['weight_decay', py(o.weightDecay)], ['amsgrad', py(o.amsgrad)]];
}

function modelLines(exp: ResolvedExperiment, inputs: number, outputs: number): string[] {
  const m = exp.model;
  const modules: Array<[code: string, note: string]> = [];
  let fanIn = inputs;
  [...m.hidden, outputs].forEach((width, b) => {
    modules.push([`nn.Linear(${fanIn}, ${width}${m.bias ? '' : ', bias=False'}),`, '']);
    if (b < m.hidden.length) {
      if (m.norm === 'layernorm') modules.push([`nn.LayerNorm(${width}),`, ' (eps 1e-5)']);
      if (m.norm === 'batchnorm') modules.push([`nn.BatchNorm1d(${width}),`, ' (eps 1e-5, momentum 0.1)']);
      modules.push([`${TORCH_ACTIVATION[m.activation]},`, '']);
    }
    fanIn = width;
  });
  // The Sequential index in the comment is the prefix of the module's parameter names.
  return modules.map(([code, note], i) => `    ${code.padEnd(28)}  # ${i}${note}`);
}

export function pytorchScript(exp: ResolvedExperiment, data: Dataset, init: InitialState): string {
  const specs: ParamSpec[] = parameterShapes(exp.model, data.features, data.outputs);
  if (init.params.length !== specs.length) throw new Error(`expected ${specs.length} initial parameters, got ${init.params.length}`);
  const groups = resolveParamGroups(specs, exp.optimizer, exp.paramGroups).filter((g) => g.params.length > 0);
  const plan = planPenalty(exp.penalty, specs);
  const layout = moduleLayout(exp.model);
  const type = exp.optimizer.type;
  const defaults = torchOptions(type, { ...exp.optimizer });
  const classification = data.task === 'classification';
  const p = exp.penalty;
  const selected = specs.filter((_, i) => plan.selected[i]).map((s) => s.name);

  const groupLines = groups.map((g) => {
    const names = g.params.map((i) => `P[${py(specs[i].name)}]`).join(', ');
    const own = torchOptions(type, g.options).filter(([k, v]) => defaults.find(([dk]) => dk === k)![1] !== v);
    return `    {"params": [${names}]${own.map(([k, v]) => `, "${k}": ${v}`).join('')}},`;
  });
  const initLines = specs.map((s, i) => `    ${py(s.name)}: f32(${b64(init.params[i], '        ')}, ${s.shape.join(', ')}),`);
  const bufferLines = [...init.buffers].map(([name, v]) => `    ${py(name)}: f32(${b64(v, '        ')}, ${v.length}),`);
  const target = (y: Float32Array, n: number) => classification ? `f32(${b64(y, '    ')}, ${n}).long()` : `f32(${b64(y, '    ')}, ${n}, 1)`;

  return `#!/usr/bin/env python3
# Generated by \`reglab export-pytorch\`${exp.sourceFile ? ` from ${exp.sourceFile}` : ''}.
# Experiment "${exp.name}" (seed ${exp.seed}) in plain PyTorch: the same float32 data, initial
# parameters, batch order, optimizer and parameter groups, and penalties as RegLab's engine.
# Usage: python3 this.py [--params-out FILE] [--metrics-out FILE]${exp.sweep ? '\n# The experiment\'s sweep block is not exported: this script runs the base experiment once.' : ''}
import argparse
import base64
import json
import math
import sys

import torch
from torch import nn

torch.set_num_threads(1)
if sys.byteorder != "little":
    raise SystemExit("the embedded float32 arrays are little-endian")


def f32(data, *shape):
    """A float32 tensor from base64 little-endian bytes (bit-identical to RegLab's arrays)."""
    return torch.frombuffer(bytearray(base64.b64decode(data)), dtype=torch.float32).clone().reshape(*shape)

${PYTHON_RNG}

# ---- data: ${data.description.replace(/\n/g, ' ')}
N_TRAIN, N_VAL, FEATURES = ${data.nTrain}, ${data.nVal}, ${data.features}
X_TRAIN = f32(${b64(data.xTrain, '    ')}, N_TRAIN, FEATURES)
Y_TRAIN = ${target(data.yTrain, data.nTrain)}
X_VAL = f32(${b64(data.xVal, '    ')}, N_VAL, FEATURES)
Y_VAL = ${target(data.yVal, data.nVal)}

# ---- model: nn.Sequential, parameter names ${specs.map((s) => s.name).join(', ')}
model = nn.Sequential(
${modelLines(exp, data.features, data.outputs).join('\n')}
)
ACTIVATION_MODULES = {${layout.activation.join(', ')}}  # outputs seen by activation penalties

# ---- initial parameters (${exp.init ? `from ${exp.init}` : `RegLab's default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) from seed ${exp.seed}`})
INIT = {
${[...initLines, ...bufferLines].join('\n')}
}
with torch.no_grad():
    state = model.state_dict()
    for name, value in INIT.items():
        state[name].copy_(value)
P = dict(model.named_parameters())

# ---- optimizer: torch.optim.${TORCH_OPTIMIZER[type]} with ${groups.length} parameter group${groups.length === 1 ? '' : 's'} (paramGroups: ${JSON.stringify(exp.paramGroups)})
optimizer = torch.optim.${TORCH_OPTIMIZER[type]}([
${groupLines.join('\n')}
], ${defaults.map(([k, v]) => `${k}=${v}`).join(', ')})

# ---- penalties: l1 ${p.l1} (${p.l1Mode}), l2 ${p.l2} over params ${JSON.stringify(p.params)}; activationL1 ${p.activationL1}, activationL2 ${p.activationL2}
L1, L2, ACT_L1, ACT_L2 = ${py(p.l1)}, ${py(p.l2)}, ${py(p.activationL1)}, ${py(p.activationL2)}
PROXIMAL = ${py(p.l1Mode === 'proximal')}
PENALIZED = [${selected.map((n) => py(n)).join(', ')}]
loss_fn = ${classification ? 'nn.CrossEntropyLoss()  # mean over the batch' : 'nn.MSELoss()  # mean over the batch'}


def forward(x):
    """Output and the activation-function outputs of every hidden block."""
    acts = []
    h = x
    for i, module in enumerate(model):
        h = module(h)
        if i in ACTIVATION_MODULES:
            acts.append(h)
    return h, acts


def weight_penalty():
    """L1 (torch.abs: gradient 0 at 0) and L2 over the penalized parameters."""
    total = torch.zeros(())
    for name in PENALIZED:
        p = P[name]
        if L1 > 0:
            # With the proximal mode the L1 term is applied as a soft-threshold step instead.
            total = total + L1 * (p.detach() if PROXIMAL else p).abs().sum()
        if L2 > 0:
            total = total + L2 * p.pow(2).sum()
    return total


def activation_penalty(acts, batch):
    """ACT_L1 * (1/B) * sum |h| + ACT_L2 * (1/B) * sum h^2 over every hidden activation output."""
    total = torch.zeros(())
    for h in acts:
        if ACT_L1 > 0:
            total = total + ACT_L1 / batch * h.abs().sum()
        if ACT_L2 > 0:
            total = total + ACT_L2 / batch * h.pow(2).sum()
    return total


def proximal_step():
    """p = sign(p) * max(|p| - lr * L1, 0) with each parameter's group lr, after optimizer.step()."""
    penalized = {id(P[n]) for n in PENALIZED}
    with torch.no_grad():
        for group in optimizer.param_groups:
            for p in group["params"]:
                if id(p) in penalized:
                    p.copy_(p.sign() * (p.abs() - group["lr"] * L1).clamp(min=0))


def validate():
    model.eval()
    with torch.no_grad():
        out, _ = forward(X_VAL)
        loss = loss_fn(out, Y_VAL).item()
        ${classification ? 'acc = (out.argmax(1) == Y_VAL).float().mean().item()' : 'acc = None'}
    model.train()
    return loss, acc


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--params-out", help="write the final parameters as JSON {name: nested list}")
    ap.add_argument("--metrics-out", help="write one JSON line of metrics per epoch")
    args = ap.parse_args()
    EPOCHS, BATCH_SIZE, SHUFFLE = ${exp.training.epochs}, ${exp.training.batchSize}, ${py(exp.training.shuffle)}
    shuffle_rng = Rng(derive_seed(${exp.seed}, "shuffle"))  # one permutation per epoch
    metrics = []
    model.train()
    for epoch in range(1, EPOCHS + 1):
        order = torch.tensor(shuffle_rng.permutation(N_TRAIN) if SHUFFLE else list(range(N_TRAIN)), dtype=torch.long)
        losses, penalties = [], []
        for start in range(0, N_TRAIN, BATCH_SIZE):  # drop_last=False
            idx = order[start:start + BATCH_SIZE]
            xb, yb = X_TRAIN[idx], Y_TRAIN[idx]
            out, acts = forward(xb)
            loss = loss_fn(out, yb)
            penalty = weight_penalty() + activation_penalty(acts, xb.shape[0])
            optimizer.zero_grad()
            (loss + penalty).backward()
            optimizer.step()
            if PROXIMAL and L1 > 0:
                proximal_step()
            losses.append(loss.item())
            penalties.append(penalty.item())
        val_loss, val_acc = validate()
        m = {"epoch": epoch, "trainLoss": sum(losses) / len(losses), "penalty": sum(penalties) / len(penalties), "valLoss": val_loss}
        if val_acc is not None:
            m["valAccuracy"] = val_acc
        metrics.append(m)
        print(json.dumps(m), file=sys.stderr)
        if not all(math.isfinite(v) for v in (m["trainLoss"], m["penalty"])):
            print(f"diverged at epoch {epoch}", file=sys.stderr)
            break
    if args.metrics_out:
        with open(args.metrics_out, "w") as f:
            f.writelines(json.dumps(m) + "\\n" for m in metrics)
    if args.params_out:
        table = {name: t.detach().tolist() for name, t in model.state_dict().items() if not name.endswith("num_batches_tracked")}
        with open(args.params_out, "w") as f:
            json.dump(table, f)


if __name__ == "__main__":
    main()
`;
}
