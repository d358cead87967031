// Types of the generated validator (scripts/gen-experiment-validator.mjs).
import type { ValidateFunction } from 'ajv';
declare const validate: ValidateFunction;
export default validate;
