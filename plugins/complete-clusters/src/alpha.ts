/**
 * New frontend system entry point of the complete-clusters plugin.
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
