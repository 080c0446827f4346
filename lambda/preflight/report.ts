/**
 * Preflight's verdict (pure): the exit code a CI job fails on, and the JSON a script reads (README "Preflight").
 * Both stable: the codes and the keys are the contract of `ecs-pull-doctor preflight`.
 */
import type { Evidence } from '../domain/diagnosis';
import { stepText } from '../notify/render-helpers';
import type { PreflightFinding, PreflightReport } from './run';

/**
 * 0: nothing blocks the pull; 5: a finding proves it will fail; 6: nothing proven, but a check could not run or a
 * finding is only likely. A risk alone (isRisk) is 0.
 */
export const PREFLIGHT_EXIT = Object.freeze({ pass: 0, willFail: 5, unknown: 6 });

/** A risk (a `possible` finding, e.g. Docker Hub's rate limit) is a warning: it never fails the check. */
export const isRisk = (f: PreflightFinding) => f.confidence === 'possible';

export function preflightExitCode(report: PreflightReport): number {
  if (report.findings.some((f) => f.confidence === 'proven')) return PREFLIGHT_EXIT.willFail;
  if (report.findings.some((f) => f.confidence === 'likely') || report.unchecked.length) return PREFLIGHT_EXIT.unknown;
  return PREFLIGHT_EXIT.pass;
}

/** The evidence a finding rests on: about its cause, what was proven or supports it (not what ruled others out). */
export function findingEvidence(f: PreflightFinding): Evidence[] {
  return f.diagnosis.evidence.filter((e) => e.cause === f.cause && e.result !== 'not-applicable');
}

export interface PreflightJson {
  taskDefinition: string;
  region: string;
  cluster: string;
  service?: string;
  launchType: string;
  subnets: string[];
  securityGroups: string[];
  assignPublicIp?: string;
  containers: Array<{ name: string; image: string }>;
  findings: Array<{
    container: string;
    image: string;
    cause: string;
    family: string;
    confidence: string;
    evidence: Array<Pick<Evidence, 'check' | 'result' | 'detail'> & { resourceIds?: string[] }>;
    proposal: { steps: Array<{ id: string; action: string; text: string; command?: string }> };
  }>;
  unchecked: Array<{ container: string; check: string; api: string; reason: string }>;
  exitCode: number;
}

export function preflightJson(report: PreflightReport): PreflightJson {
  const t = report.target;
  return {
    taskDefinition: report.taskDefinition,
    region: t.region,
    cluster: t.cluster,
    ...(t.service ? { service: t.service } : {}),
    launchType: t.launchType,
    subnets: [...t.subnetIds],
    securityGroups: [...t.securityGroupIds],
    ...(t.assignPublicIp ? { assignPublicIp: t.assignPublicIp } : {}),
    containers: report.containers,
    findings: report.findings.map((f) => ({
      container: f.container,
      image: f.image,
      cause: f.cause,
      family: f.diagnosis.family,
      confidence: f.confidence,
      evidence: findingEvidence(f).map((e) => ({
        check: e.check,
        result: e.result,
        detail: e.detail,
        ...(e.resourceIds?.length ? { resourceIds: e.resourceIds } : {}),
      })),
      proposal: {
        steps: f.proposal.steps.map((s) => ({
          id: s.id,
          action: s.action,
          text: stepText('en', s),
          ...(s.command ? { command: s.command } : {}),
        })),
      },
    })),
    unchecked: report.unchecked.map((u) => ({ container: u.container, check: u.check, api: u.api, reason: u.reason })),
    exitCode: preflightExitCode(report),
  };
}
