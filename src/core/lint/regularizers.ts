// bias-regularizer: a Keras layer with bias_regularizer= (Keras 1: b_regularizer=) or a
// TensorFlow.js layer config with biasRegularizer: penalising biases rarely helps and usually
// hurts (they do not multiply inputs, so they do not drive overfitting the way weights do).
import type { Node } from './parser';
import type { PyIndex } from './pyIndex';
import { field, named, rangeOf, unparen } from './syntax';
import { followIdentifier } from './values';
import { deleteListItem } from './edits';
import type { RawFinding } from './optimizerAnalysis';

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

export function pythonBiasRegularizers(idx: PyIndex): RawFinding[] {
  const out: RawFinding[] = [];
  for (const { node: kw, name: key } of keywordArguments(idx, PY_KEYS)) {
    const list = kw.parent;
    const call = list?.parent;
    const value = field(kw, 'value');
    if (!value || !list || call?.type !== 'call') continue;
    // Only a regularizer that is actually built here counts: l2(1e-4), regularizers.L2(...), "l2".
    // A forwarded parameter (bias_regularizer=bias_regularizer) or attribute is library plumbing.
    const resolved = followIdentifier(idx, value).node;
    if (resolved.type !== 'call' && !(resolved.type === 'string' && resolved.text.length > 2)) continue;
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
