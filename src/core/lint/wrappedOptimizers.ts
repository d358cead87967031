// Optimizer classes handed to a wrapper that returns a class, then called:
//   maybe_add_gradient_clipping(cfg, torch.optim.SGD)(params, lr, momentum=0.9, weight_decay=wd)
//   functools.partial(torch.optim.AdamW, betas=(0.9, 0.95))(groups, lr=lr)
// (detectron2 and the projects built on it). The outer call is the construction: its arguments
// are the optimizer's. Found from the text "(" right after ")" so that files without the idiom
// cost one string search.
import type { Node } from './parser';
import { qualify, type PyIndex } from './pyIndex';
import { callArgs, dottedName, field } from './syntax';
import { optimizerSpec, type OptimizerSpec } from './optimizers';

export interface WrappedOptimizer {
  call: Node;
  spec: OptimizerSpec;
  qualifiedName: string;
}

export function wrappedOptimizers(idx: PyIndex): WrappedOptimizer[] {
  const out: WrappedOptimizer[] = [];
  for (let at = idx.source.indexOf(')('); at !== -1; at = idx.source.indexOf(')(', at + 2)) {
    // ")" closes the inner call's argument list; the outer call's function is that inner call.
    const inner = idx.root.descendantForIndex(at, at + 1)?.parent?.parent;
    const outer = inner?.parent;
    if (inner?.type !== 'call' || outer?.type !== 'call' || field(outer, 'function')?.startIndex !== inner.startIndex) continue;
    const args = callArgs(inner);
    // functools.partial(torch.optim.AdamW, weight_decay=0.0): the bound arguments are the
    // optimizer's too; rather than merge them, leave such a construction out.
    if (/(^|\.)partial$/.test(dottedName(field(inner, 'function')) ?? '') && (args.keywords.size || args.positional.length > 1 || args.hasSplat)) continue;
    for (const a of [...args.positional, ...args.keywords.values()]) {
      const dotted = dottedName(a);
      const q = dotted ? qualify(idx, dotted) : '';
      const spec = q ? optimizerSpec(q) : null;
      if (spec && spec.kind === 'torch') {
        out.push({ call: outer, spec, qualifiedName: q });
        break;
      }
    }
  }
  return out;
}
