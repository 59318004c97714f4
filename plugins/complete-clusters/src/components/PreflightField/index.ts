export {
  PREFLIGHT_FIELD_NAME,
  PreflightField,
  preflightBodyOf,
  preflightFieldValidation,
} from './preflightField';
export type { PreflightFieldOptions } from './preflightField';
