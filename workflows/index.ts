/** The workflow bundle's entry point: every workflow type the worker registers. */
export { sickLeaveCase } from './case';
export { purgeRecords } from './purge';
