// Public entry points of the experiment format.
export { loadExperimentFile, resolveExperiment, experimentDocument, type ResolveOptions } from './load';
export { ExperimentError, formatIssue, type Issue } from './issues';
export { fillDefaults, defaultLr, defaultWeightDecay } from './defaults';
export { loadInitTable } from './initTable';
export { isInside } from './paths';
export { experimentSchema } from './schemaValidation';
export { compileNamePattern } from './semantics';
