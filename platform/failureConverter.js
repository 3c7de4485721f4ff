/**
 * Failure messages and stack traces can quote case data; with encodeCommonAttributes they are moved
 * into an encoded payload and so pass through the encrypting payload codec.
 * Plain CommonJS on purpose: Temporal loads it by path (DataConverter.failureConverterPath) with
 * Node's own require in clients, and bundles it into the workflow sandbox for workers.
 */
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
