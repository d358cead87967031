// Parameter groups and values the linter has to follow through real-code shapes measured on the
// held-out set (test/heldout): layer-wise lr decay groups built in a loop, variables assigned in
// if/else branches, values that may be 0, and Keras optimizers named by string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintSource } from '../../src/core/lint/index';

const VIT = `import torch
import torch.nn as nn

class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.norm1 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, d)

class ViT(nn.Module):
    def __init__(self, d=16, depth=2, classes=10):
        super().__init__()
        self.patch_embed = nn.Linear(48, d)
        self.blocks = nn.ModuleList([Block(d) for _ in range(depth)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)
`;

const LAYER_DECAY = `${VIT}
def param_groups_lrd(model, weight_decay=0.05, layer_decay=0.75):
    param_groups = {}
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        if p.ndim == 1:
            g_decay = "no_decay"
            this_decay = 0.0
        else:
            g_decay = "decay"
            this_decay = weight_decay
        layer_id = int(n.split(".")[1]) + 1 if n.startswith("blocks.") else 0
        group_name = "layer_%d_%s" % (layer_id, g_decay)
        if group_name not in param_groups:
            param_groups[group_name] = {"lr_scale": layer_decay ** layer_id, "weight_decay": this_decay, "params": []}
        param_groups[group_name]["params"].append(p)
    return list(param_groups.values())

model = ViT()
optimizer = torch.optim.AdamW(param_groups_lrd(model, weight_decay=0.05), lr=1e-3)
`;

test('layer-wise lr decay groups built in a loop: one group per weight_decay assignment, tensors counted', async () => {
  const r = await lintSource(LAYER_DECAY, 'lrd.py');
  assert.equal(r.optimizers.length, 1);
  const o = r.optimizers[0];
  assert.deepEqual(r.findings.map((f) => f.rule), []);
  assert.deepEqual(o.groups.map((g) => g.weightDecay.value).sort(), [0, 0.05]);
  const decayGroup = o.groups.find((g) => g.weightDecay.value === 0.05)!;
  // patch_embed, blocks.0.fc, blocks.1.fc, head: weights only.
  assert.deepEqual(decayGroup.decayed, { weights: 4, biases: 0, norms: 0, embeddings: 0 });
  assert.equal(o.decayedBiases, 0);
  assert.equal(o.decayedNorms, 0);
  assert.match(o.summary, /decays 4 weights$/);
});

test('the same loop with a torch Adam: coupled decay in the decayed groups is reported', async () => {
  const r = await lintSource(LAYER_DECAY.replace('torch.optim.AdamW(', 'torch.optim.Adam('), 'lrd_adam.py');
  // 0.05 is also far above the usual range for coupled L2.
  assert.deepEqual(r.findings.map((f) => f.rule), ['adam-coupled-weight-decay', 'weight-decay-range']);
});

const FACTORY = (flagDefault: string) => `import torch

def groups(model, weight_decay):
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (no_decay if p.ndim <= 1 or name.endswith(".bias") else decay).append(p)
    return [{"params": no_decay, "weight_decay": 0.0}, {"params": decay, "weight_decay": weight_decay}]

def create_optimizer(args, model, ${flagDefault}):
    weight_decay = args.weight_decay
    if filter_bias_and_bn:
        parameters = groups(model, weight_decay)
        weight_decay = 0.0
    else:
        parameters = model.parameters()
    return torch.optim.AdamW(parameters, lr=args.lr, weight_decay=weight_decay)
`;

test('if/else assignments: the branch the parameter default picks is the one that reaches the optimizer', async () => {
  const r = await lintSource(FACTORY('filter_bias_and_bn=True'), 'factory.py');
  const o = r.optimizers[0];
  assert.equal(o.weightDecay.value, 0);
  assert.equal(o.weightDecay.source, 'constant');
  assert.equal(o.groups.length, 2);
  assert.deepEqual(r.findings, []);

  const off = await lintSource(FACTORY('filter_bias_and_bn=False'), 'factory_off.py');
  assert.equal(off.optimizers[0].groups[0].selection, 'all');
  assert.equal(off.optimizers[0].weightDecay.expression, 'weight_decay');
  assert.deepEqual(off.findings.map((f) => f.rule), ['decayed-bias-norm']);
});

test('if/else assignments on a condition the file cannot decide: unresolved, never a guess', async () => {
  const r = await lintSource(FACTORY('filter_bias_and_bn'), 'factory_unknown.py');
  const o = r.optimizers[0];
  assert.equal(o.weightDecay.value, null);
  assert.match(o.weightDecay.detail ?? '', /assigned differently in branches/);
  assert.equal(o.weightDecay.mayBeZero, true);
  assert.match(o.summary, /not resolved statically/);
  assert.deepEqual(r.findings, []);
});

test('a weight decay that may be 0 (0 if flag else wd) is not assumed positive; a decided one is resolved', async () => {
  const src = (cond: string) => `import argparse
import torch
parser = argparse.ArgumentParser()
parser.add_argument("--decay_bias", action="store_true")
parser.add_argument("--wd", type=float, default=0.05)
args = parser.parse_args()
model = torch.nn.Linear(4, 2)
opt = torch.optim.AdamW([
    {"params": [p for n, p in model.named_parameters() if n != "bias"], "weight_decay": args.wd},
    {"params": [p for n, p in model.named_parameters() if n == "bias"], "weight_decay": ${cond}},
])
`;
  const decided = await lintSource(src('args.wd if args.decay_bias else 0.0'), 'a.py');
  assert.deepEqual(decided.optimizers[0].groups[1].weightDecay.value, 0);
  assert.deepEqual(decided.findings, []);
  const unknown = await lintSource(src('args.wd if cfg.bias_decay_on else 0.0'), 'b.py');
  const wd = unknown.optimizers[0].groups[1].weightDecay;
  assert.equal(wd.value, null);
  assert.equal(wd.mayBeZero, true);
  assert.deepEqual(unknown.findings, []);
  const on = await lintSource(src('args.wd if not args.decay_bias else 0.0'), 'c.py');
  assert.deepEqual(on.findings.map((f) => f.rule), ['decayed-bias-norm']);
});

test('Keras optimizers named by string in compile(): a decay table with the Keras defaults', async () => {
  const r = await lintSource(`import keras
model = keras.Sequential([keras.layers.Dense(4), keras.layers.LayerNormalization(), keras.layers.Dense(1)])
model.compile(optimizer="AdamW", loss="mse")
model.compile("adam", loss="mse")
`, 'k.py');
  assert.deepEqual(r.optimizers.map((o) => [o.optimizer, o.qualifiedName, o.framework, o.weightDecay.value]), [
    ['AdamW', 'keras.optimizers.AdamW', 'keras', 0.004],
    ['Adam', 'keras.optimizers.Adam', 'keras', 0],
  ]);
  assert.deepEqual(r.findings.map((f) => [f.rule, f.line]), [['decayed-bias-norm', 3]]);
  // Without Keras in the file, a compile(optimizer=...) is someone else's API.
  const other = await lintSource('import mylib\nexp = mylib.Experiment()\nexp.compile(optimizer="adamw")\n', 'o.py');
  assert.deepEqual(other.optimizers, []);
});

// minGPT-style sorting where the first test cannot be decided (module names passed as *args):
// the elif branches keep their own conditions, so a bias never reaches the decayed set.
const SORTED = (firstTest: string) => `${VIT}
def configure_optimizer(model, lr, weight_decay, *blacklist_module_names):
    decay, no_decay = set(), set()
    for mn, m in model.named_modules():
        for pn, p in m.named_parameters():
            fpn = f"{mn}.{pn}" if mn else pn
            if ${firstTest}:
                no_decay.add(fpn)
            elif "bias" in pn:
                no_decay.add(fpn)
            elif pn.endswith("weight") and isinstance(m, nn.Linear):
                decay.add(fpn)
            elif pn.endswith("weight") and isinstance(m, nn.LayerNorm):
                no_decay.add(fpn)
    param_dict = {pn: p for pn, p in model.named_parameters()}
    groups = [
        {"params": [param_dict[pn] for pn in sorted(list(decay))], "weight_decay": weight_decay},
        {"params": [param_dict[pn] for pn in sorted(list(no_decay))], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=lr)
`;

test('an undecided if before elif branches: an elif whose own test is false does not run', async () => {
  const r = await lintSource(SORTED('any([fpn.startswith(name) for name in blacklist_module_names])'), 'sorted_unknown_first.py');
  assert.deepEqual(r.findings, []);
  assert.match(r.optimizers[0].summary, /biases and norms excluded/);
});

test('a decayed group that may hold biases or norms is reported as unresolved, not as excluding them', async () => {
  // The first test is undecided and sends tensors to the decayed set: biases may be decayed.
  const src = SORTED('any([fpn.startswith(name) for name in blacklist_module_names])').replace('if any([fpn.startswith(name) for name in blacklist_module_names]):\n                no_decay.add(fpn)', 'if any([fpn.startswith(name) for name in blacklist_module_names]):\n                decay.add(fpn)');
  const r = await lintSource(src, 'sorted_unknown_decay.py');
  assert.deepEqual(r.findings, []);
  assert.match(r.optimizers[0].summary, /not resolved statically/);
});
