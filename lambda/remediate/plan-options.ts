/** The deployment choices a remediation plan depends on, read from the function's Config. */
import type { Config, EndpointPolicyMode } from '../config';

/** Deployment choices a plan depends on (from Config; defaults are the stack's defaults). */
export interface PlanOptions {
  endpointPolicy: EndpointPolicyMode;
  /** The attach auto-fix only touches roles under this path, and (when set) with the opt-in tag. */
  roleScope: { path: string; requireTag: boolean };
}

export const DEFAULT_PLAN_OPTIONS: PlanOptions = Object.freeze({
  endpointPolicy: 'account',
  roleScope: Object.freeze({ path: '/', requireTag: false }),
});

/** PlanOptions from the function's Config. */
export function planOptionsOf(
  config: Pick<Config, 'endpointPolicy' | 'autoFixRolePath' | 'autoFixRoleRequireTag'>,
): PlanOptions {
  return {
    endpointPolicy: config.endpointPolicy,
    roleScope: { path: config.autoFixRolePath, requireTag: config.autoFixRoleRequireTag },
  };
}
