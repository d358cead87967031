// Shapes of what a training run produces: per-epoch metrics (one line of metrics.jsonl each),
// parameter tables (the `init` / `--params-out` format) and the run summary (summary.json).

/** {parameter name: nested array in PyTorch layout}, e.g. "0.weight": [[...], ...] ([out, in]). */
export type ParamTable = Record<string, number[] | number[][]>;

export interface ParamStats {
  /** L2 norm ‖p‖₂ (not squared). */
  l2: number;
  l1: number;
  maxAbs: number;
  /** Fraction of entries exactly 0. */
  zeroFrac: number;
  /** Fraction of entries with |w| < 1e-3. */
  smallFrac: number;
  /** Index of the optimizer parameter group the tensor belongs to. */
  group: number;
  /** True when the tensor's group has weight decay > 0 or a weight penalty reaches it. */
  decayed: boolean;
  kind: 'weight' | 'bias' | 'norm';
}

export interface Histogram {
  /** Bin edges, length counts.length + 1. */
  edges: number[];
  counts: number[];
}

export interface GroupMetrics {
  index: number;
  lr: number;
  weightDecay: number;
  /** lr · weightDecay: the per-step shrink for AdamW; the coupled L2 coefficient otherwise. */
  effectiveDecay: number;
  params: string[];
}

export interface EpochMetrics {
  epoch: number; // 1-based
  /** Mean data loss over the epoch's training batches (no penalty). */
  trainLoss: number;
  /** Mean penalty value over the epoch's batches (weight + activation penalties). */
  penalty: number;
  valLoss: number;
  valAccuracy?: number;
  lr: number;
  groups: GroupMetrics[];
  params: Record<string, ParamStats>;
  /** Present at checkpoint epochs only. */
  histograms?: Record<string, Histogram>;
  /** Wall time of the epoch in milliseconds. */
  timeMs: number;
}

export type RunStatus = 'completed' | 'diverged' | 'failed' | 'stopped' | 'pruned' | 'incomplete';

export interface RunSummary {
  id: string;
  name: string;
  status: RunStatus;
  backend: string;
  startedAt: string;
  finishedAt?: string;
  epochsCompleted: number;
  epochsPlanned: number;
  final?: { trainLoss: number; penalty: number; valLoss: number; valAccuracy?: number };
  best?: { epoch: number; valLoss: number; valAccuracy?: number };
  /** Set when status is "diverged". */
  divergence?: { epoch: number; step: number; message: string };
  /** Set when status is "failed" (or "stopped"/"pruned": why). */
  reason?: string;
  experimentFile?: string;
  /** Set for trials of a sweep. */
  sweep?: { id: string; param: string; value: number; seed: number; variant?: string };
}

export type BackendName = 'native' | 'wasm' | 'cpu';

export interface TrainOptions {
  /** "auto" tries native, then wasm, then cpu. */
  backend?: BackendName | 'auto';
  /** Aborting stops the run after the current step with status "stopped". */
  signal?: AbortSignal;
  /** Called after every epoch, in order. */
  onEpoch?: (m: EpochMetrics) => void;
  /** Initial parameters (the `init` table); default initialisation from the seed otherwise. */
  init?: ParamTable;
}

export interface TrainResult {
  status: 'completed' | 'diverged' | 'stopped';
  backend: BackendName;
  metrics: EpochMetrics[];
  /** Final parameters in the `init` / `--params-out` format. */
  params: ParamTable;
  /** `step` is the 1-based global optimizer step (PyTorch's state["step"]) whose loss was NaN/Inf. */
  divergence?: { epoch: number; step: number; message: string };
  /** BatchNorm1d running statistics ("<layer>.running_mean" / "<layer>.running_var"), when the model has them. */
  buffers?: ParamTable;
  /** Backends "auto" tried before the one that ran, and why each was skipped. */
  backendSkipped?: Array<{ backend: BackendName; error: string }>;
  /** wasm/cpu: whether RegLab's native (OpenBLAS) kernels replaced the backend's matmul. */
  nativeKernels?: boolean;
}
