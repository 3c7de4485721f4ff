/** Types of eslint.config.mjs for the test that checks its workflow-bundle list (test/unit/workflowBundle.test.ts). */
export const WORKFLOW_BUNDLED: readonly string[];
declare const config: unknown;
export default config;
