/** The CloudWatch metrics the function writes (lambda/metrics.ts) and the dashboard reads (lib/dashboard.ts). */
export const METRICS_NAMESPACE = 'EcsPullDoctor';
export const METRIC = {
  incidents: 'Incidents',
  timeToDiagnose: 'TimeToDiagnose',
  fixesApplied: 'FixesApplied',
  fixesFailed: 'FixesFailed',
  resolved: 'Resolved',
  timeToRecovery: 'TimeToRecovery',
} as const;
