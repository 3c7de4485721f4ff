/**
 * Failure messages and stack traces can quote case data; with encodeCommonAttributes they are moved
 * into an encoded payload and so pass through the encrypting payload codec. Loaded by path
 * (DataConverter.failureConverterPath) in the workflow sandbox too, so: no Node built-ins here.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
