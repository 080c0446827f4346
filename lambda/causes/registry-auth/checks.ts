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
        .add('repository-credentials', 'unknown', T('registry-credentials-invalid.not-examined', { secret: param }), [
          param,
        ])
        .done('possible');
    if (item.region !== ctx.region) {
      return f
        .add(
          'repository-credentials',
          'proven',
          T('registry-credentials-invalid.other-region', {
            secret: param,
            region: item.region,
            taskRegion: ctx.region,
          }),
          [param],
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
          T('registry-credentials-invalid.problem', listArgs('problem', [v.problemText!])),
          [param],
        )
        .fix({ unavailableSecrets: [param] })
        .done('proven');
    if (v.unknown) return f.done('possible');
    if (/unexpected end of JSON|invalid character|unmarshal|username|password/i.test(ctx.text)) {
      return f
        .add('repository-credentials-shape', 'info', T('registry-credentials-invalid.shape', { secret: param }), [
          param,
        ])
        .done('likely');
    }
    return f
      .add('repository-credentials', 'info', T('registry-credentials-invalid.readable', { secret: param }), [param])
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
      return f.add('secrets', 'not-applicable', T('secret-or-parameter-unavailable.none')).done('not-applicable');
    if (items.length === 0)
      return f
        .add('secrets', 'unknown', T('secret-or-parameter-unavailable.not-examined', { count: refs.length }))
        .done('possible');
    const verdicts = items.map((i) => examine(ctx, f, i, 'secret-reference'));
    const bad = verdicts.filter((v) => v.problem);
    if (bad.length) {
      for (const b of bad)
        f.add(
          'secret-reference',
          'proven',
          T('secret-or-parameter-unavailable.problem', { ref: b.item.ref, ...listArgs('problem', [b.problemText!]) }),
          [b.item.id],
        );
      return f.fix({ unavailableSecrets: bad.map((b) => b.item.id) }).done('proven');
    }
    if (verdicts.some((v) => v.unknown)) return f.done('possible');
    if (/InvalidParameter|validation error|VersionId|version-id|JSON key/i.test(ctx.text)) {
      return f.add('secret-reference', 'info', T('secret-or-parameter-unavailable.malformed')).done('likely');
    }
    return f
      .add(
        'secret-reference',
        'ruled-out',
        T('secret-or-parameter-unavailable.readable', { count: items.length }),
        items.map((i) => i.id),
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
    if (items.length === 0) return f.add('kms-key', 'ruled-out', T('kms-decrypt-denied.no-key')).done('ruled-out');
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
          T('kms-decrypt-denied.denied', { key: it.kmsKeyId!, decision: p.decision, id: it.id }),
          [it.kmsKeyId!, it.id],
        );
      }
    }
    if (denied.length) return f.fix({ kmsKeyIds: [...new Set(denied)] }).done('proven');
    if (unknown) {
      if (ctx.facts.iam && !ctx.facts.iam.ok)
        f.unknown(
          'kms-decrypt',
          ctx.facts.iam,
          T('part.what.kms-decrypt', { role: ctx.taskDef?.executionRoleArn ?? '' }),
        );
      else
        f.add(
          'kms-decrypt',
          'unknown',
          T('kms-decrypt-denied.not-evaluated', { keys: items.map((i) => i.kmsKeyId).join(', ') }),
        );
      return f.done('possible');
    }
    const method = ctx.facts.iam?.ok ? ctx.facts.iam.value.method : 'simulation';
    return f
      .add(
        'kms-decrypt',
        method === 'simulation' ? 'ruled-out' : 'info',
        T(method === 'simulation' ? 'kms-decrypt-denied.allowed' : 'kms-decrypt-denied.allowed.documents', {
          keys: items.map((i) => i.kmsKeyId).join(', '),
        }),
      )
      .done(method === 'simulation' ? 'ruled-out' : 'unlikely');
  },
};
