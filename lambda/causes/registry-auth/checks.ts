/** Registry-auth family: registry-credentials-invalid, secret-or-parameter-unavailable, kms-decrypt-denied. */
import type { PermissionCheck, SecretMetadata } from '../../facts/types';
import { readActionFor, resourceArnFor } from '../../domain/secret-ref';
import { Finding, listArgs, T, type CauseCheck, type CheckContext, type EvidenceText } from '../context';

function permission(ctx: CheckContext, action: string, resource: string): PermissionCheck | undefined {
  if (!ctx.facts.iam?.ok) return undefined;
  return ctx.facts.iam.value.checks.find((c) => c.action === action && c.resource === resource);
}

interface ItemVerdict {
  item: SecretMetadata;
  problem?: string;
  /** The problem as a catalogue part. */
  problemText?: EvidenceText;
  unknown?: string;
}

function examine(ctx: CheckContext, f: Finding, item: SecretMetadata, checkId: string): ItemVerdict {
  if (!item.exists.ok) {
    f.unknown(
      checkId,
      item.exists,
      `${item.kind === 'ssm' ? 'Parameter' : 'Secret'} ${item.id}`,
      T(item.kind === 'ssm' ? 'part.what.parameter' : 'part.what.secret', { id: item.id }),
    );
    return { item, unknown: item.exists.reason };
  }
  if (!item.exists.value)
    return {
      item,
      problem: `${item.id} does not exist in ${item.region}`,
      problemText: T('part.secret.missing', { id: item.id, region: item.region }),
    };
  if (item.deletedDate)
    return {
      item,
      problem: `${item.id} is scheduled for deletion (${item.deletedDate})`,
      problemText: T('part.secret.deleting', { id: item.id, date: item.deletedDate }),
    };
  const res = resourceArnFor(item, ctx.account);
  const p = permission(ctx, readActionFor(item), res);
  if (p && p.decision !== 'allowed') {
    return {
      item,
      problem: `the execution role is not allowed ${p.action} on ${res} (${p.decision})`,
      problemText: T('part.secret.not-allowed', { action: p.action, resource: res, decision: p.decision }),
    };
  }
  if (!p) return { item, unknown: `${readActionFor(item)} on ${res} was not evaluated` };
  return { item };
}

export const registryCredentialsInvalid: CauseCheck = {
  id: 'registry-credentials-invalid',
  title: 'The private-registry credentials secret is missing, unreadable or malformed',
  check(ctx) {
    const f = new Finding('registry-credentials-invalid');
    const param = ctx.container?.credentialsParameter;
    if (!ctx.taskDef)
      return f.done(ctx.facts.taskDefinition && !ctx.facts.taskDefinition.ok ? 'unknown' : 'not-applicable');
    if (!param)
      return f
        .add(
          'repository-credentials',
          'not-applicable',
          `Container ${ctx.container?.name ?? ''} has no repositoryCredentials.`,
          undefined,
          T('registry-credentials-invalid.none', { container: ctx.container?.name ?? '' }),
        )
        .done(
          ctx.imageRef?.registryType === 'ecr'
            ? 'not-applicable'
            : /unauthorized|incorrect username|authentication required/i.test(ctx.text)
              ? 'possible'
              : 'not-applicable',
        );
    f.fix({ registryCredentialsSecret: param });
    const item = ctx.facts.secrets?.items.find((i) => i.use === 'registry-credentials');
    if (!item)
      return f
        .add(
          'repository-credentials',
          'unknown',
          `Secret ${param} was not examined.`,
          [param],
          T('registry-credentials-invalid.not-examined', { secret: param }),
        )
        .done('possible');
    if (item.region !== ctx.region) {
      return f
        .add(
          'repository-credentials',
          'proven',
          `The credentials secret ${param} is in ${item.region}, not in the task's region ${ctx.region}.`,
          [param],
          T('registry-credentials-invalid.other-region', {
            secret: param,
            region: item.region,
            taskRegion: ctx.region,
          }),
        )
        .fix({ unavailableSecrets: [param] })
        .done('proven');
    }
    const v = examine(ctx, f, item, 'repository-credentials');
    if (v.problem)
      return f
        .add(
          'repository-credentials',
          'proven',
          `The credentials secret: ${v.problem}.`,
          [param],
          T('registry-credentials-invalid.problem', listArgs('problem', [v.problemText!])),
        )
        .fix({ unavailableSecrets: [param] })
        .done('proven');
    if (v.unknown) return f.done('possible');
    if (/unexpected end of JSON|invalid character|unmarshal|username|password/i.test(ctx.text)) {
      return f
        .add(
          'repository-credentials-shape',
          'info',
          `The stop reason points at the content of ${param} (expected JSON ` +
            `{"username","password"}); values are never read.`,
          [param],
          T('registry-credentials-invalid.shape', { secret: param }),
        )
        .done('likely');
    }
    return f
      .add(
        'repository-credentials',
        'info',
        `Secret ${param} exists and is readable by the execution role; its JSON shape ` +
          `({"username","password"}) cannot be checked without reading the value.`,
        [param],
        T('registry-credentials-invalid.readable', { secret: param }),
      )
      .done('possible');
  },
};

export const secretOrParameterUnavailable: CauseCheck = {
  id: 'secret-or-parameter-unavailable',
  title: 'A secret or parameter is missing or not readable',
  check(ctx) {
    const f = new Finding('secret-or-parameter-unavailable');
    if (!ctx.taskDef)
      return f.done(ctx.facts.taskDefinition && !ctx.facts.taskDefinition.ok ? 'unknown' : 'not-applicable');
    const items = (ctx.facts.secrets?.items ?? []).filter((i) => i.use === 'secret');
    const refs = ctx.taskDef.containers.flatMap((c) => c.secrets);
    if (refs.length === 0)
      return f
        .add(
          'secrets',
          'not-applicable',
          'The task definition has no secrets.',
          undefined,
          T('secret-or-parameter-unavailable.none'),
        )
        .done('not-applicable');
    if (items.length === 0)
      return f
        .add(
          'secrets',
          'unknown',
          `${refs.length} secret reference(s) were not examined.`,
          undefined,
          T('secret-or-parameter-unavailable.not-examined', { count: refs.length }),
        )
        .done('possible');
    const verdicts = items.map((i) => examine(ctx, f, i, 'secret-reference'));
    const bad = verdicts.filter((v) => v.problem);
    if (bad.length) {
      for (const b of bad)
        f.add(
          'secret-reference',
          'proven',
          `${b.item.ref}: ${b.problem}.`,
          [b.item.id],
          T('secret-or-parameter-unavailable.problem', { ref: b.item.ref, ...listArgs('problem', [b.problemText!]) }),
        );
      return f.fix({ unavailableSecrets: bad.map((b) => b.item.id) }).done('proven');
    }
    if (verdicts.some((v) => v.unknown)) return f.done('possible');
    if (/InvalidParameter|validation error|VersionId|version-id|JSON key/i.test(ctx.text)) {
      return f
        .add(
          'secret-reference',
          'info',
          'The referenced secrets exist, but the stop reason says a valueFrom is malformed (JSON key ' +
            '/ version stage / version id part).',
          undefined,
          T('secret-or-parameter-unavailable.malformed'),
        )
        .done('likely');
    }
    return f
      .add(
        'secret-reference',
        'ruled-out',
        `All ${items.length} secret reference(s) exist and are readable by the execution role.`,
        items.map((i) => i.id),
        T('secret-or-parameter-unavailable.readable', { count: items.length }),
      )
      .done('ruled-out');
  },
};

export const kmsDecryptDenied: CauseCheck = {
  id: 'kms-decrypt-denied',
  title: 'The execution role cannot decrypt with the customer KMS key',
  check(ctx) {
    const f = new Finding('kms-decrypt-denied');
    const items = (ctx.facts.secrets?.items ?? []).filter((i) => i.kmsKeyId);
    if (!ctx.facts.secrets) return f.done(/kms|decrypt/i.test(ctx.text) ? 'possible' : 'not-applicable');
    if (items.length === 0)
      return f
        .add(
          'kms-key',
          'ruled-out',
          'No secret or parameter uses a customer managed KMS key.',
          undefined,
          T('kms-decrypt-denied.no-key'),
        )
        .done('ruled-out');
    const denied: string[] = [];
    let unknown = false;
    for (const it of items) {
      const p = permission(ctx, 'kms:Decrypt', it.kmsKeyId!);
      if (!p) unknown = true;
      else if (p.decision !== 'allowed') {
        denied.push(it.kmsKeyId!);
        f.add(
          'kms-decrypt',
          'proven',
          `The execution role is not allowed kms:Decrypt on ${it.kmsKeyId} (${p.decision}), the key of ${it.id}.`,
          [it.kmsKeyId!, it.id],
          T('kms-decrypt-denied.denied', { key: it.kmsKeyId!, decision: p.decision, id: it.id }),
        );
      }
    }
    if (denied.length) return f.fix({ kmsKeyIds: [...new Set(denied)] }).done('proven');
    if (unknown) {
      if (ctx.facts.iam && !ctx.facts.iam.ok)
        f.unknown(
          'kms-decrypt',
          ctx.facts.iam,
          `kms:Decrypt for execution role ${ctx.taskDef?.executionRoleArn ?? ''}`,
          T('part.what.kms-decrypt', { role: ctx.taskDef?.executionRoleArn ?? '' }),
        );
      else
        f.add(
          'kms-decrypt',
          'unknown',
          `kms:Decrypt was not evaluated for ${items.map((i) => i.kmsKeyId).join(', ')}.`,
          undefined,
          T('kms-decrypt-denied.not-evaluated', { keys: items.map((i) => i.kmsKeyId).join(', ') }),
        );
      return f.done('possible');
    }
    const method = ctx.facts.iam?.ok ? ctx.facts.iam.value.method : 'simulation';
    return f
      .add(
        'kms-decrypt',
        method === 'simulation' ? 'ruled-out' : 'info',
        `The execution role is allowed kms:Decrypt on ` +
          items.map((i) => i.kmsKeyId).join(', ') +
          (method === 'simulation' ? '' : ' by its own policies (the key policy was not read)') +
          '.',
        undefined,
        T(method === 'simulation' ? 'kms-decrypt-denied.allowed' : 'kms-decrypt-denied.allowed.documents', {
          keys: items.map((i) => i.kmsKeyId).join(', '),
        }),
      )
      .done(method === 'simulation' ? 'ruled-out' : 'unlikely');
  },
};
