// Rule metadata: default severity, a short description (SARIF, docs index) and the docs page.
import type { RuleId, Severity } from './types';

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  title: string;
  docs: string;
}

const rule = (id: RuleId, severity: Severity, title: string): RuleInfo => ({ id, severity, title, docs: `docs/rules/${id}.md` });

export const RULES: Record<RuleId, RuleInfo> = {
  'decayed-bias-norm': rule('decayed-bias-norm', 'warning', 'Weight decay reaches biases or normalization parameters'),
  'adam-coupled-weight-decay': rule('adam-coupled-weight-decay', 'warning', 'Adam with weight_decay is coupled L2, not AdamW'),
  'no-decay-group-inherits': rule('no-decay-group-inherits', 'error', 'A no-decay parameter group inherits the optimizer\'s weight decay'),
  'norm-not-excluded': rule('norm-not-excluded', 'warning', 'The no-decay filter catches biases but not normalization layers'),
  'l1-all-params': rule('l1-all-params', 'warning', 'L1 penalty over all parameters, biases and norms included'),
  'bias-regularizer': rule('bias-regularizer', 'warning', 'Keras / TensorFlow.js layer with a bias regularizer'),
  'weight-decay-range': rule('weight-decay-range', 'information', 'Weight decay far outside the usual range for the optimizer'),
};
