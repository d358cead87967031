// bias-regularizer: a Keras layer with bias_regularizer= (Keras 1: b_regularizer=) or a
// TensorFlow.js layer config with biasRegularizer: penalising biases rarely helps and usually
// hurts (they do not multiply inputs, so they do not drive overfitting the way weights do).
import type { Node } from './parser';
import { enclosingFunction, type PyIndex } from './pyIndex';
import { field, named, rangeOf, stringValue, unparen } from './syntax';
import { followIdentifier } from './values';
import { deleteListItem } from './edits';
import type { RawFinding } from './optimizerAnalysis';
import type { Fix } from './types';

const PY_KEYS = ['bias_regularizer', 'b_regularizer'];

/**
 * keyword_argument nodes named one of `names`: the text search only proposes positions, the
 * syntax tree decides (a name in a string or a comment is not an argument).
 */
function keywordArguments(idx: PyIndex, names: string[]): { node: Node; name: string }[] {
  const out: { node: Node; name: string }[] = [];
  for (const name of names) {
    for (let at = idx.source.indexOf(name); at !== -1; at = idx.source.indexOf(name, at + name.length)) {
      const id = idx.root.descendantForIndex(at, at + name.length);
      if (id?.type !== 'identifier' || id.text !== name) continue;
      const kw = id.parent;
      if (kw?.type === 'keyword_argument' && field(kw, 'name')?.startIndex === id.startIndex) out.push({ node: kw, name });
    }
  }
  return out;
}

/** A regularizer built here: l2(1e-4), regularizers.L2(...), "l2" (not a forwarded value). */
function builtRegularizer(idx: PyIndex, value: Node): boolean {
  const resolved = followIdentifier(idx, value).node;
  return resolved.type === 'call' || (resolved.type === 'string' && resolved.text.length > 2);
}

/**
 * kw = {"kernel_regularizer": l2(5e-4)}; kw["bias_regularizer"] = l2(5e-4); Conv2D(**kw):
 * the key set in a dict literal or by subscript assignment, on a dict that is splatted into a call
 * in the same scope.
 */
function kwargsDictEntries(idx: PyIndex, key: string): { node: Node; value: Node; dictName: string; layer: string; fix?: Fix }[] {
  const out: { node: Node; value: Node; dictName: string; layer: string; fix?: Fix }[] = [];
  for (let at = idx.source.indexOf(key); at !== -1; at = idx.source.indexOf(key, at + key.length)) {
    let str = idx.root.descendantForIndex(at, at + key.length);
    while (str && str.type !== 'string' && str.parent && str.endIndex - str.startIndex <= key.length + 2) str = str.parent;
    if (str?.type !== 'string' || stringValue(str) !== key) continue;
    const holder = str.parent;
    let value: Node | null = null;
    let dictName: string | undefined;
    let node: Node | null = null;
    let fix: Fix | undefined;
    if (holder?.type === 'pair' && field(holder, 'key')?.startIndex === str.startIndex && holder.parent?.type === 'dictionary') {
      value = field(holder, 'value');
      const assign = holder.parent.parent;
      if (assign?.type === 'assignment' && field(assign, 'left')?.type === 'identifier') dictName = field(assign, 'left')!.text;
      node = holder;
      fix = { title: `Remove ${key}`, edits: [deleteListItem(holder, holder.parent)], isPreferred: true };
    } else if (holder?.type === 'subscript' && holder.parent?.type === 'assignment' && field(holder.parent, 'left')?.startIndex === holder.startIndex) {
      value = field(holder.parent, 'right');
      const base = field(holder, 'value');
      if (base?.type === 'identifier') dictName = base.text;
      node = holder.parent;
    }
    if (!value || !dictName || !node || !builtRegularizer(idx, value)) continue;
    const scope = enclosingFunction(idx, node);
    const from = scope?.startIndex ?? 0;
    const to = scope?.endIndex ?? idx.source.length;
    let layer: string | undefined;
    for (let s = idx.source.indexOf(`**${dictName}`, from); s !== -1 && s < to && !layer; s = idx.source.indexOf(`**${dictName}`, s + 2)) {
      const splat = idx.root.descendantForIndex(s, s + 2 + dictName.length);
      const sp = splat?.type === 'dictionary_splat' ? splat : splat?.parent?.type === 'dictionary_splat' ? splat.parent : null;
      const call = sp?.parent?.type === 'argument_list' ? sp.parent.parent : null;
      if (sp && named(sp)[0]?.text === dictName && call?.type === 'call') layer = field(call, 'function')?.text ?? 'layer';
    }
    if (layer) out.push({ node, value, dictName, layer, fix });
  }
  return out;
}

export function pythonBiasRegularizers(idx: PyIndex): RawFinding[] {
  const out: RawFinding[] = [];
  for (const key of PY_KEYS) {
    for (const e of kwargsDictEntries(idx, key)) {
      out.push({
        ...rangeOf(e.node),
        rule: 'bias-regularizer',
        message: `${key}=${e.value.text} (set in ${e.dictName}, passed as **${e.dictName} to ${e.layer.split('.').pop()}) penalizes the layer's bias; biases are usually left unregularized because shrinking them adds bias without reducing overfitting.`,
        fixes: e.fix ? [e.fix] : [],
      });
    }
  }
  for (const { node: kw, name: key } of keywordArguments(idx, PY_KEYS)) {
    const list = kw.parent;
    const call = list?.parent;
    const value = field(kw, 'value');
    if (!value || !list || call?.type !== 'call') continue;
    // Only a regularizer that is actually built here counts: l2(1e-4), regularizers.L2(...), "l2".
    // A forwarded parameter (bias_regularizer=bias_regularizer) or attribute is library plumbing.
    if (!builtRegularizer(idx, value)) continue;
    const layer = field(call, 'function')?.text ?? 'layer';
    out.push({
      ...rangeOf(kw),
      rule: 'bias-regularizer',
      message: `${key}=${value.text} penalizes the bias of this ${layer.split('.').pop()} layer; biases are usually left unregularized because shrinking them adds bias without reducing overfitting.`,
      fixes: [{ title: `Remove ${key}`, edits: [deleteListItem(kw, list)], isPreferred: true }],
    });
  }
  return out;
}

/** TF.js: tf.layers.dense({units: 8, biasRegularizer: tf.regularizers.l2()}) in .js / .ts files. */
export function jsBiasRegularizers(root: Node): RawFinding[] {
  const out: RawFinding[] = [];
  for (const obj of root.descendantsOfType('object')) {
    for (const pair of named(obj)) {
      if (pair.type !== 'pair') continue;
      const key = field(pair, 'key');
      const value = unparen(field(pair, 'value'));
      const name = key?.type === 'string' ? key.text.slice(1, -1) : key?.text;
      if (name !== 'biasRegularizer' || !value || !obj) continue;
      // tf.regularizers.l2(), new L2(...), 'l2' are choices; a forwarded config value is plumbing.
      if (!['call_expression', 'new_expression', 'string'].includes(value.type)) continue;
      out.push({
        ...rangeOf(pair),
        rule: 'bias-regularizer',
        message: `biasRegularizer: ${value.text} penalizes this layer's bias; biases are usually left unregularized because shrinking them adds bias without reducing overfitting.`,
        fixes: [{ title: 'Remove biasRegularizer', edits: [deleteListItem(pair, obj)], isPreferred: true }],
      });
    }
  }
  return out;
}
