/**
 * A worker-side activity interceptor that turns an agency request's failure into a non-retryable
 * one from the given attempt on, so a test sees the workflow's "stuck" handling after seconds
 * instead of the minutes of backoff of the workflow's retry policy (real time on the dev server).
 * Test harness only: production workers keep the policy the workflow asks for.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

export function giveUpAfterAttempts(attempts: number): ActivityInterceptorsFactory {
  return () => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          if (Context.current().info.attempt < attempts || (err instanceof ApplicationFailure && err.nonRetryable)) throw err;
          throw ApplicationFailure.nonRetryable(`gave up after ${attempts} attempt(s): ${(err as Error).message}`, 'TestGaveUp');
        }
      },
    },
  });
}
