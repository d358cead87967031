// Names and shapes of a RegLab model's parameters, exactly as PyTorch's nn.Sequential names them.
// The model is Linear, [LayerNorm | BatchNorm1d], activation, ..., Linear. Every hidden block
// takes one Sequential index per module, the activation included (nn.Identity for "linear"), so
// indices do not depend on the activation: with a norm layer a block is 3 modules, without it 2.
// Example, hidden [16, 8], layernorm: 0 Linear, 1 LayerNorm, 2 ReLU, 3 Linear, 4 LayerNorm,
// 5 ReLU, 6 Linear -> 0.weight [16, in], 0.bias, 1.weight [16], 1.bias, 3.weight [8, 16], ...
import type { ModelSpec } from '../experiment/types';

export type ParamKind = 'weight' | 'bias' | 'norm';
export type ModuleKind = 'linear' | 'layernorm' | 'batchnorm';

export interface ParamSpec {
  /** PyTorch name, e.g. "0.weight", "1.bias". */
  name: string;
  /** PyTorch layout: Linear weight [out, in]; bias and norm parameters [features]. */
  shape: number[];
  /** "norm" for both the weight (scale) and bias (shift) of a norm layer. */
  kind: ParamKind;
  /** Index of the owning module in the nn.Sequential. */
  layer: number;
  module: ModuleKind;
  /** Linear layers: in_features (the bound of PyTorch's default init is 1/sqrt(fanIn)). */
  fanIn?: number;
}

/** Sequential indices of the modules of `model` (the activation of each block included). */
export function moduleLayout(model: Pick<ModelSpec, 'hidden' | 'norm'>): { linear: number[]; norm: number[]; activation: number[] } {
  const perBlock = model.norm === 'none' ? 2 : 3;
  const linear: number[] = [];
  const norm: number[] = [];
  const activation: number[] = [];
  model.hidden.forEach((_, b) => {
    const start = b * perBlock;
    linear.push(start);
    if (model.norm !== 'none') norm.push(start + 1);
    activation.push(start + perBlock - 1);
  });
  linear.push(model.hidden.length * perBlock);
  return { linear, norm, activation };
}

/** Parameters of the model for `inputs` features and `outputs` outputs, in nn.Module order. */
export function parameterShapes(model: Pick<ModelSpec, 'hidden' | 'norm' | 'bias'>, inputs: number, outputs: number): ParamSpec[] {
  const layout = moduleLayout(model);
  const widths = [...model.hidden, outputs];
  const specs: ParamSpec[] = [];
  let fanIn = inputs;
  widths.forEach((out, b) => {
    const li = layout.linear[b];
    specs.push({ name: `${li}.weight`, shape: [out, fanIn], kind: 'weight', layer: li, module: 'linear', fanIn });
    if (model.bias) specs.push({ name: `${li}.bias`, shape: [out], kind: 'bias', layer: li, module: 'linear', fanIn });
    if (b < model.hidden.length && model.norm !== 'none') {
      const ni = layout.norm[b];
      const module: ModuleKind = model.norm === 'layernorm' ? 'layernorm' : 'batchnorm';
      // Norm layers keep their affine shift even when Linear biases are off (as in PyTorch).
      specs.push({ name: `${ni}.weight`, shape: [out], kind: 'norm', layer: ni, module });
      specs.push({ name: `${ni}.bias`, shape: [out], kind: 'norm', layer: ni, module });
    }
    fanIn = out;
  });
  return specs;
}

/** Number of scalar entries of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
