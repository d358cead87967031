// Public shapes of the weight-decay linter. The CLI prints them, the extension maps them to
// Diagnostics / CodeLens / quick fixes. Plain data only: no parser objects leak out of the core.
// Lines and columns are 1-based everywhere (the spec's JSON contract); columns count UTF-16 code
// units, which is what VS Code positions use.

export const RULE_IDS = [
  'decayed-bias-norm',
  'adam-coupled-weight-decay',
  'no-decay-group-inherits',
  'norm-not-excluded',
  'l1-all-params',
  'bias-regularizer',
  'weight-decay-range',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning' | 'information';

/** A 1-based range, end exclusive (endColumn is the column just after the last character). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Replace the text in the range with newText (an insertion when the range is empty). */
export interface TextEdit extends SourceRange {
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Something the user should know before applying it (e.g. "the best λ for AdamW differs"). */
  note?: string;
  /** The fix the editor should offer first. */
  isPreferred?: boolean;
}

/** One finding: exactly the spec's JSON shape, plus `docs` (path of the rule's page). */
export interface Finding extends SourceRange {
  file: string;
  rule: RuleId;
  severity: Severity;
  /** One sentence: what happens and why it matters. */
  message: string;
  fixes: Fix[];
  /** Repository-relative path of the rule's documentation, e.g. "docs/rules/decayed-bias-norm.md". */
  docs: string;
}

/** Where a resolved value came from. */
export type ValueSource =
  | 'literal' // written at the call
  | 'constant' // a module-level NAME = value
  | 'argparse-default' // add_argument('--weight-decay', default=...)
  | 'parameter-default' // def f(..., wd=1e-4)
  | 'config' // a dict literal / dict entry: cfg["weight_decay"]
  | 'dataclass-default' // a dataclass / class field default
  | 'optimizer-default' // the optimizer's own default (AdamW 1e-2, SGD 0, ...)
  | 'inherited' // a param group without the key takes the optimizer's value
  | 'unresolved'; // could not be determined statically

export interface ResolvedValue {
  /** null when unresolved. */
  value: number | null;
  source: ValueSource;
  /** The expression as written (e.g. "args.weight_decay"), when there is one. */
  expression?: string;
  /** Human-readable origin, e.g. "--weight-decay default (line 12)". */
  detail?: string;
  /**
   * Unresolved, but one of the values it may take is 0 (`0 if flag else wd`, or 0 on one branch
   * of an if/else): not assumed to be a positive weight decay.
   */
  mayBeZero?: boolean;
}

/** Counts of tensors of each kind in a group, when the model is known. */
export interface TensorCounts {
  weights: number;
  biases: number;
  norms: number;
  embeddings: number;
}

export type GroupSelection =
  | 'all' // every parameter of the model (x.parameters() passed whole)
  | 'decay' // a filtered group meant to be decayed (weights, ndim >= 2, ...)
  | 'no-decay' // a filtered group meant to be undecayed (biases, norms, ndim < 2, ...)
  | 'mask' // optax mask / Keras exclusion decides per parameter
  | 'unknown';

export interface ParamGroupReport extends SourceRange {
  index: number;
  /** Description of the parameters, e.g. "model.parameters()" or "params with ndim >= 2". */
  params: string;
  selection: GroupSelection;
  lr: ResolvedValue;
  weightDecay: ResolvedValue;
  /** Decayed tensors of each kind when the model's layers are known (null otherwise). */
  decayed: TensorCounts | null;
}

export type Framework = 'torch' | 'transformers' | 'timm' | 'optax' | 'keras' | 'tfjs';

export interface OptimizerReport extends SourceRange {
  file: string;
  /** Short optimizer name, e.g. "AdamW". */
  optimizer: string;
  /** Dotted name as resolved through the imports, e.g. "torch.optim.AdamW". */
  qualifiedName: string;
  framework: Framework;
  /** Decoupled (AdamW-style) decay rather than L2 in the gradient. */
  decoupled: boolean;
  /** The optimizer-level weight decay (its argument, or its default). */
  weightDecay: ResolvedValue;
  lr: ResolvedValue;
  groups: ParamGroupReport[];
  /** Total decayed bias / norm tensors across groups, when known. */
  decayedBiases: number | null;
  decayedNorms: number | null;
  /** Name of the model class the parameters were traced to, when found in the file. */
  model?: string;
  /** One line for CodeLens, e.g. "AdamW · wd 0.01 (default) → decays 4 weights, 4 biases, 2 LayerNorm ⚠". */
  summary: string;
  /** Rules that fired on this call (the ⚠ in the summary). */
  rules: RuleId[];
}

export interface WeightDecayRange {
  min: number;
  max: number;
}

export interface LintOptions {
  /** Rules to skip entirely. */
  disabledRules?: RuleId[];
  /** Override the default severity of a rule. */
  severity?: Partial<Record<RuleId, Severity>>;
  /**
   * Usual ranges for `weight-decay-range`; values outside [min, max] (and > 0) are reported.
   * Keys: "decoupled" (AdamW-style, default 1e-4..1), "coupled" (SGD/Adam L2, default 1e-6..1e-2).
   */
  weightDecayRange?: Partial<Record<'decoupled' | 'coupled', WeightDecayRange>>;
  /**
   * Language; by default from the file extension (.py → python, .js/.mjs/.cjs → javascript,
   * .ts/.mts/.cts → typescript, .tsx/.jsx → tsx). Anything else is treated as Python.
   */
  language?: LintLanguage;
}

export type LintLanguage = 'python' | 'javascript' | 'typescript' | 'tsx';

export interface LintResult {
  findings: Finding[];
  optimizers: OptimizerReport[];
  /** True when the parser had to recover from syntax errors (results may be partial). */
  syntaxErrors: boolean;
}

/** Signature of the main entry point (src/core/lint/index.ts). */
export type LintSource = (source: string, file: string, options?: LintOptions) => Promise<LintResult>;
