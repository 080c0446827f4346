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
  evidence: EvidenceDraft[];
  unchecked: Unchecked[];
  fixInputs: FixInputs;
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

/** A list said in the message language: each part from the catalogue, joined by evidence.join.<join>. */
export interface TextList {
  join: 'comma' | 'semicolon';
  parts: EvidencePart[];
}
/** A part of a sentence (list item, "what" phrase): a key and plain values. */
export interface EvidencePart {
  key: string;
  args?: Record<string, string | number>;
}
export type TextArgs = Record<string, string | number | TextList>;

/**
 * A sentence of the catalogue and its values: the only form a check states evidence in. The English `detail`
 * (logs, --json) and every other language are said from the catalogue (causes/say.ts, notify/).
 */
export interface EvidenceText {
  key: string;
  args?: TextArgs;
}

/** Evidence as a check states it: structure only. diagnose() says it (Evidence.detail, textKey, textArgs). */
export type EvidenceDraft = Omit<Evidence, 'detail' | 'textKey' | 'textArgs'> & { text: EvidenceText };

/** Key "evidence.<key>" of the shared catalogue (causes/texts/evidence-*.ts), with its {placeholders}' values. */
export function T(key: string, args?: TextArgs): EvidenceText {
  return args ? { key: `evidence.${key}`, args } : { key: `evidence.${key}` };
}

/** A list of catalogue parts as the value of placeholder {<name>}. */
export function listArgs(
  name: string,
  parts: EvidenceText[],
  join: TextList['join'] = 'comma',
): Record<string, TextList> {
  return { [name]: { join, parts: parts.map(partOf) } };
}

function partOf(t: EvidenceText): EvidencePart {
  const args: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(t.args ?? {})) {
    if (typeof v === 'object') throw new Error(`list ${k} inside a list part ${t.key}`);
    args[k] = v;
  }
  return Object.keys(args).length ? { key: t.key, args } : { key: t.key };
}

/** A list of plain values (ids, service names) as parts; "none" when empty. */
export function valueParts(values: readonly string[], empty: 'none' | 'nothing' = 'none'): EvidenceText[] {
  return values.length ? values.map((value) => T('part.value', { value })) : [T(`part.${empty}`)];
}

/** Accumulates evidence for one cause and returns a CheckResult. */
export class Finding {
  readonly evidence: EvidenceDraft[] = [];
  readonly unchecked: Unchecked[] = [];
  readonly fixInputs: FixInputs = {};
  constructor(readonly cause: CauseId) {}

  /** One piece of evidence: what was checked, the result, the sentence saying it, the resources it names. */
  add(check: string, result: Evidence['result'], text: EvidenceText, resourceIds?: string[]): this {
    const e: EvidenceDraft = { check, result, cause: this.cause, text };
    if (resourceIds?.length) e.resourceIds = [...new Set(resourceIds.filter(Boolean))];
    this.evidence.push(e);
    return this;
  }

  /**
   * Records an unknown fact: evidence "unknown" plus an Unchecked entry with the reason. `what`: the catalogue
   * part naming the fact (the reason comes from the facts layer and is shown as it is).
   */
  unknown(check: string, fact: { api: string; reason: string }, what: EvidenceText): this {
    this.add(check, 'unknown', T('cannot-check', { ...listArgs('what', [what]), reason: fact.reason }));
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

export function notApplicable(cause: CauseId, check: string, text: EvidenceText): CheckResult {
  return new Finding(cause).add(check, 'not-applicable', text).done('not-applicable');
}

/** Not gathered (undefined) → not-applicable; unknown → records it; known → value. */
export function read<V>(f: Finding, fact: Fact<V> | undefined, check: string, what: EvidenceText): V | undefined {
  if (!fact) return undefined;
  if (!fact.ok) {
    f.unknown(check, fact, what);
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
