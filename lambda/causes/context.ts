/**
 * The shared shape of a cause check (cdk-nag's rule: a small pure function with its id beside it) and the
 * context every check reads. No I/O here.
 */
import { failingContainer } from '../domain/failing-container';
import { resolveLaunchType } from '../domain/launch-type';
import type { CauseId, EndpointService, Evidence, FixInputs, Unchecked } from '../domain/diagnosis';
import type { PullFailure } from '../event/pull-failure';
import type { ContainerDefinitionFacts, Facts, Fact, TaskDefinitionFacts } from '../facts/types';
import type { TextHint } from './classify';
import { parseImageRef, type ImageRef, type ImageRefResult } from '../domain/image-ref';

/**
 * proven / likely / possible: the cause fits (how strongly); unlikely: evidence points away but cannot
 * exclude it (e.g. "allowed" from policy documents, SCPs unseen); ruled-out; unknown: could not check;
 * not-applicable: the cause cannot apply to this task (or its facts were not gathered).
 */
export type Verdict = 'proven' | 'likely' | 'possible' | 'unlikely' | 'ruled-out' | 'unknown' | 'not-applicable';

export interface CheckResult {
  cause: CauseId;
  verdict: Verdict;
  evidence: Evidence[];
  unchecked: Unchecked[];
  fixInputs: FixInputs;
}

export interface CauseCheck {
  id: CauseId;
  title: string;
  check(ctx: CheckContext): CheckResult;
}

export interface CheckContext {
  failure: PullFailure;
  facts: Facts;
  hint: TextHint;
  /** Normalised stop reason (quotes/whitespace). */
  text: string;
  /** The failing container's image reference as parsed (task definition's, else the event's). */
  image?: ImageRefResult;
  imageRef?: ImageRef;
  taskDef?: TaskDefinitionFacts;
  /** The failing container's definition. */
  container?: ContainerDefinitionFacts;
  /** FARGATE | EC2 | EXTERNAL (event, else service, else task definition compatibility). */
  launchType?: string;
  region: string;
  account: string;
}

export function buildContext(failure: PullFailure, facts: Facts, hint: TextHint, text: string): CheckContext {
  const taskDef = facts.taskDefinition?.ok ? facts.taskDefinition.value : undefined;
  const container = failingContainer(failure, taskDef);
  const imageString = container?.image ?? failure.image;
  const image = imageString !== undefined ? parseImageRef(imageString) : undefined;
  const service = facts.service?.ok ? facts.service.value : undefined;
  const launchType = resolveLaunchType(failure.task.launchType, service?.launchType, taskDef?.requiresCompatibilities);
  const ctx: CheckContext = { failure, facts, hint, text, region: failure.task.region, account: failure.task.account };
  if (image) ctx.image = image;
  if (image?.ok) ctx.imageRef = image.ref;
  if (taskDef) ctx.taskDef = taskDef;
  if (container) ctx.container = container;
  if (launchType) ctx.launchType = launchType;
  return ctx;
}

export type TextArgs = Record<string, string | number>;

/** The catalogue form of an evidence sentence (or of a part of one): Evidence.textKey + textArgs. */
export interface EvidenceText {
  key: string;
  args?: TextArgs;
}

/** Key "evidence.<key>" of notify/messages/evidence-*.ts, with the values its {placeholders} take. */
export function T(key: string, args?: TextArgs): EvidenceText {
  return args ? { key: `evidence.${key}`, args } : { key: `evidence.${key}` };
}

/**
 * A list of catalogue parts as textArgs (see Evidence.textArgs): the renderer says each part in the
 * message language and joins them with evidence.join.<join>, into placeholder {<name>}.
 */
export function listArgs(name: string, parts: EvidenceText[], join: 'comma' | 'semicolon' = 'comma'): TextArgs {
  const out: TextArgs = { [`${name}.join`]: join };
  parts.forEach((p, i) => {
    out[`${name}.${i}.key`] = p.key;
    for (const [k, v] of Object.entries(p.args ?? {})) out[`${name}.${i}.${k}`] = v;
  });
  return out;
}

/** A list of plain values (ids, service names) as parts; "none" when empty. */
export function valueParts(values: readonly string[], empty: 'none' | 'nothing' = 'none'): EvidenceText[] {
  return values.length ? values.map((value) => T('part.value', { value })) : [T(`part.${empty}`)];
}

/** Accumulates evidence for one cause and returns a CheckResult. */
export class Finding {
  readonly evidence: Evidence[] = [];
  readonly unchecked: Unchecked[] = [];
  readonly fixInputs: FixInputs = {};
  constructor(readonly cause: CauseId) {}

  /** `text`: the catalogue form of `detail` (key and values), for notifications in other languages. */
  add(check: string, result: Evidence['result'], detail: string, resourceIds?: string[], text?: EvidenceText): this {
    const e: Evidence = { check, result, detail, cause: this.cause };
    if (resourceIds?.length) e.resourceIds = [...new Set(resourceIds.filter(Boolean))];
    if (text) {
      e.textKey = text.key;
      if (text.args && Object.keys(text.args).length) e.textArgs = text.args;
    }
    this.evidence.push(e);
    return this;
  }

  /**
   * Records an unknown fact: evidence "unknown" plus an Unchecked entry with the reason. `whatText`: the
   * catalogue part saying `what` (the reason comes from the facts layer and is shown as it is).
   */
  unknown(check: string, fact: { api: string; reason: string }, what: string, whatText?: EvidenceText): this {
    this.add(
      check,
      'unknown',
      `${what} could not be checked: ${fact.reason}`,
      undefined,
      whatText ? T('cannot-check', { ...listArgs('what', [whatText]), reason: fact.reason }) : undefined,
    );
    if (!this.unchecked.some((u) => u.check === check && u.api === fact.api))
      this.unchecked.push({ check, api: fact.api, reason: fact.reason });
    return this;
  }

  fix(inputs: FixInputs): this {
    Object.assign(this.fixInputs, inputs);
    return this;
  }

  done(verdict: Verdict): CheckResult {
    return {
      cause: this.cause,
      verdict,
      evidence: this.evidence,
      unchecked: this.unchecked,
      fixInputs: this.fixInputs,
    };
  }
}

export function notApplicable(cause: CauseId, check: string, why: string, text?: EvidenceText): CheckResult {
  return new Finding(cause).add(check, 'not-applicable', why, undefined, text).done('not-applicable');
}

/** Not gathered (undefined) → not-applicable; unknown → records it; known → value. */
export function read<V>(
  f: Finding,
  fact: Fact<V> | undefined,
  check: string,
  what: string,
  whatText?: EvidenceText,
): V | undefined {
  if (!fact) return undefined;
  if (!fact.ok) {
    f.unknown(check, fact, what, whatText);
    return undefined;
  }
  return fact.value;
}

export const isFargate = (ctx: CheckContext) => ctx.launchType === 'FARGATE';
export const isEc2 = (ctx: CheckContext) => ctx.launchType === 'EC2' || ctx.launchType === 'EXTERNAL';

/** Task uses the EC2 instance's network (bridge/host/none on EC2): subnet reasoning does not apply. */
export function usesInstanceNetwork(ctx: CheckContext): boolean {
  if (ctx.facts.network?.instanceNetwork) return true;
  const mode = ctx.taskDef?.networkMode;
  return isEc2(ctx) && mode !== undefined && mode !== 'awsvpc';
}

/** Endpoint services this task needs to start (DOMAIN.md "Network facts"). */
export function neededEndpoints(ctx: CheckContext): EndpointService[] {
  const out: EndpointService[] = [];
  if (!ctx.imageRef || ctx.imageRef.registryType === 'ecr') out.push('ecr.api', 'ecr.dkr', 's3');
  const containers = ctx.taskDef?.containers ?? [];
  if (containers.some((c) => c.logDriver === 'awslogs')) out.push('logs');
  const refs = containers.flatMap((c) => [
    ...c.secrets.map((s) => s.valueFrom),
    ...(c.credentialsParameter ? [c.credentialsParameter] : []),
  ]);
  if (refs.some((r) => isSecretsManagerRef(r))) out.push('secretsmanager');
  if (refs.some((r) => !isSecretsManagerRef(r))) out.push('ssm');
  return out;
}

export function isSecretsManagerRef(ref: string): boolean {
  return /^arn:aws[a-z-]*:secretsmanager:/.test(ref);
}

export function taskPlatform(ctx: CheckContext): string {
  const os = (ctx.taskDef?.osFamily ?? 'LINUX').toUpperCase().startsWith('WINDOWS') ? 'windows' : 'linux';
  const arch = (ctx.taskDef?.cpuArchitecture ?? 'X86_64').toUpperCase() === 'ARM64' ? 'arm64' : 'amd64';
  return `${os}/${arch}`;
}
