// Splits the model's parameters into optimizer groups the way torch.optim does: a group's missing
// options come from the optimizer's (setdefault); a parameter joins the first group whose `match`
// regex finds its name (re.search); parameters no group matches form a last group with the
// optimizer's options. The presets:
//   "all"                one group;
//   "exclude-bias-norm"  [weights of Linear layers: optimizer options], [biases + norm parameters: weightDecay 0];
//   "exclude-1d"         [parameters with >= 2 dimensions], [parameters with < 2 dimensions: weightDecay 0].
import type { OptimizerSpec, ParamGroupSpec, ParamGroupsSpec } from '../experiment/types';
import type { ParamSpec } from '../model/paramSpecs';

/** The options torch keeps per group (everything except the optimizer type). */
export type GroupOptions = Omit<OptimizerSpec, 'type'>;

export interface ResolvedGroup {
  index: number;
  /** Indices into the model's parameter list. */
  params: number[];
  options: GroupOptions;
}

export function resolveParamGroups(specs: readonly ParamSpec[], optimizer: OptimizerSpec, groups: ParamGroupsSpec): ResolvedGroup[] {
  const { type: _type, ...defaults } = optimizer;
  const all = specs.map((_, i) => i);
  if (groups === 'all') return [{ index: 0, params: all, options: { ...defaults } }];
  if (groups === 'exclude-bias-norm' || groups === 'exclude-1d') {
    const noDecay = groups === 'exclude-bias-norm'
      ? (s: ParamSpec) => s.kind === 'bias' || s.kind === 'norm'
      : (s: ParamSpec) => s.shape.length < 2;
    const parts = [
      { params: all.filter((i) => !noDecay(specs[i])), options: { ...defaults } },
      { params: all.filter((i) => noDecay(specs[i])), options: { ...defaults, weightDecay: 0 } },
    ].filter((g) => g.params.length > 0);
    return parts.map((g, index) => ({ index, ...g }));
  }
  return explicitGroups(specs, defaults, groups);
}

function explicitGroups(specs: readonly ParamSpec[], defaults: GroupOptions, groups: ParamGroupSpec[]): ResolvedGroup[] {
  const patterns = groups.map((g, i) => {
    try {
      return new RegExp(g.match);
    } catch (err) {
      throw new Error(`paramGroups[${i}].match: invalid regular expression ${JSON.stringify(g.match)} (${err instanceof Error ? err.message : String(err)})`);
    }
  });
  // Explicit groups keep their position (so indices match the experiment file), even when empty.
  const resolved: ResolvedGroup[] = groups.map((g, index) => {
    const { match: _match, ...given } = g;
    const options = { ...defaults };
    for (const [k, v] of Object.entries(given)) if (v !== undefined) (options as Record<string, unknown>)[k] = v;
    return { index, params: [], options };
  });
  const rest: number[] = [];
  specs.forEach((s, i) => {
    const g = patterns.findIndex((re) => re.test(s.name));
    if (g >= 0) resolved[g].params.push(i);
    else rest.push(i);
  });
  if (rest.length) resolved.push({ index: resolved.length, params: rest, options: { ...defaults } });
  return resolved;
}
