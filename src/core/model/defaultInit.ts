// PyTorch's default initialisation, drawn from RegLab's seeded stream so runs are reproducible
// and `export-pytorch` can embed the same values.
//
// Exact draw order (one Rng(deriveSeed(seed, "init")) for the whole model):
//   for each parameter in nn.Module order (0.weight, 0.bias, 1.weight, ...):
//     Linear weight [out, in]: out*in draws, row-major (row = output unit), each
//         rng.uniform(-k, k) with k = 1/sqrt(in_features), rounded to float32;
//     Linear bias [out]: out draws with the same k (the owning layer's in_features);
//     LayerNorm / BatchNorm1d weight: all 1, bias: all 0 (no draws).
// This is the distribution of nn.Linear.reset_parameters (kaiming_uniform with a = sqrt(5) gives
// bound 1/sqrt(fan_in)), not PyTorch's own random stream.
import { deriveSeed, Rng } from '../data/rng';
import type { ModelSpec } from '../experiment/types';
import type { ParamTable } from '../train/types';
import { parameterShapes, shapeSize, type ParamSpec } from './paramSpecs';
import { tableOf } from './paramTable';

export function defaultInit(specs: readonly ParamSpec[], seed: number): Float32Array[] {
  const rng = new Rng(deriveSeed(seed, 'init'));
  return specs.map((s) => {
    const values = new Float32Array(shapeSize(s.shape));
    if (s.kind === 'norm') {
      values.fill(s.name.endsWith('.weight') ? 1 : 0);
      return values;
    }
    const k = 1 / Math.sqrt(s.fanIn ?? s.shape[s.shape.length - 1]);
    for (let i = 0; i < values.length; i++) values[i] = rng.uniform(-k, k);
    return values;
  });
}

/** The default initialisation as a parameter table (the `init` format), e.g. for export-pytorch. */
export function defaultInitTable(model: Pick<ModelSpec, 'hidden' | 'norm' | 'bias'>, inputs: number, outputs: number, seed: number): ParamTable {
  const specs = parameterShapes(model, inputs, outputs);
  return tableOf(specs, defaultInit(specs, seed));
}
