/**
 * Secrets probes: secretsmanager:DescribeSecret (existence, KmsKeyId; never the value) per secret, and
 * one ssm:DescribeParameters per region for the SSM parameters (missing names are simply absent).
 */
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import type { Clients } from '../../aws/clients';
import { partitionOf } from '../../domain/image-ref';
import type { SecretMetadata, SecretsFacts, TaskDefinitionFacts } from '../types';
import { SLOT } from '../slots';
import type { CallBudget } from './budget';

export interface SecretRefInfo {
  ref: string;
  kind: 'secretsmanager' | 'ssm';
  id: string;
  region: string;
  use: 'registry-credentials' | 'secret';
}

/** Normalises a valueFrom / credentialsParameter: the secret ARN without its json-key/stage/version suffix. */
export function secretRefInfo(
  ref: string,
  use: SecretRefInfo['use'],
  taskRegion: string,
  taskAccount: string,
): SecretRefInfo {
  const sm = /^(arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\d{12}):secret:[^:]+)/.exec(ref);
  if (sm) return { ref, kind: 'secretsmanager', id: sm[1]!, region: sm[2]!, use };
  const ssm = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.+)$/.exec(ref);
  if (ssm) {
    const rest = ssm[3]!.slice(1);
    return { ref, kind: 'ssm', id: rest.includes('/') ? `/${rest}` : rest, region: ssm[1]!, use };
  }
  // repositoryCredentials may name the secret; secrets[] without an ARN are SSM parameter names.
  if (use === 'registry-credentials') return { ref, kind: 'secretsmanager', id: ref, region: taskRegion, use };
  void taskAccount;
  return { ref, kind: 'ssm', id: ref, region: taskRegion, use };
}

export function secretRefsOf(
  td: TaskDefinitionFacts,
  containerName: string | undefined,
  region: string,
  account: string,
): SecretRefInfo[] {
  const out: SecretRefInfo[] = [];
  const seen = new Set<string>();
  const cs = containerName
    ? [
        ...td.containers.filter((c) => c.name === containerName),
        ...td.containers.filter((c) => c.name !== containerName),
      ]
    : td.containers;
  for (const c of cs) {
    if (c.credentialsParameter && c.name === (containerName ?? c.name)) {
      const i = secretRefInfo(c.credentialsParameter, 'registry-credentials', region, account);
      if (!seen.has(i.id)) {
        seen.add(i.id);
        out.push(i);
      }
    }
    for (const s of c.secrets) {
      const i = secretRefInfo(s.valueFrom, 'secret', region, account);
      if (!seen.has(i.id)) {
        seen.add(i.id);
        out.push(i);
      }
    }
  }
  return out;
}

const isAwsManagedKey = (k: string | undefined) => !k || /alias\/aws\//.test(k);

export async function probeSecrets(
  clients: Clients,
  budget: CallBudget,
  refs: SecretRefInfo[],
  regionClients: (region: string) => Clients,
): Promise<SecretsFacts> {
  const sm = refs.filter((r) => r.kind === 'secretsmanager');
  const ssmByRegion = new Map<string, SecretRefInfo[]>();
  for (const r of refs.filter((x) => x.kind === 'ssm'))
    ssmByRegion.set(r.region, [...(ssmByRegion.get(r.region) ?? []), r]);
  const clientFor = (region: string, home: string) => (region === home ? clients : regionClients(region));
  const home = refs[0]?.region ?? '';
  const smItems = sm.map(async (r): Promise<SecretMetadata> => {
    const input = { SecretId: r.id };
    const c = clientFor(r.region, home);
    type Meta = {
      found: boolean;
      KmsKeyId?: string | undefined;
      DeletedDate?: Date | undefined;
      ARN?: string | undefined;
    };
    const res = await budget.call<Meta>(
      'secretsmanager:DescribeSecret',
      input,
      async (abortSignal) => ({
        found: true,
        ...(await c.secretsManager.send(new DescribeSecretCommand(input), { abortSignal })),
      }),
      { names: ['ResourceNotFoundException'], value: () => ({ found: false }) },
      SLOT.secrets,
    );
    const item: SecretMetadata = { ...r, exists: res.ok ? { ok: true, value: res.value.found } : res };
    if (res.ok && res.value.found) {
      const v = res.value;
      if (v.ARN) item.id = v.ARN;
      if (!isAwsManagedKey(v.KmsKeyId)) item.kmsKeyId = kmsArn(v.KmsKeyId!, r.region, r.id);
      if (v.DeletedDate) item.deletedDate = v.DeletedDate.toISOString();
    }
    return item;
  });
  const ssmItems = [...ssmByRegion.entries()].map(async ([region, list]): Promise<SecretMetadata[]> => {
    const input = { ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: list.map((l) => l.id).slice(0, 50) }] };
    const c = clientFor(region, home);
    const res = await budget.call(
      'ssm:DescribeParameters',
      input,
      (abortSignal) => c.ssm.send(new DescribeParametersCommand(input), { abortSignal }),
      undefined,
      SLOT.secrets,
    );
    return list.map((r) => {
      if (!res.ok) return { ...r, exists: res };
      const p = (res.value.Parameters ?? []).find(
        (x) => x.Name === r.id || x.Name === r.id.replace(/^\//, '') || `/${x.Name}` === r.id,
      );
      const item: SecretMetadata = { ...r, exists: { ok: true, value: !!p } };
      if (p?.Type === 'SecureString' && !isAwsManagedKey(p.KeyId))
        item.kmsKeyId = kmsArn(p.KeyId!, region, p.ARN ?? '');
      return item;
    });
  });
  const items = [...(await Promise.all(smItems)), ...(await Promise.all(ssmItems)).flat()];
  return { items };
}

/** A KMS key ARN for the IAM evaluation (key ids and alias names are turned into ARNs). */
export function kmsArn(key: string, region: string, anyArnInAccount: string): string {
  if (key.startsWith('arn:')) return key;
  const account = /:(\d{12}):/.exec(anyArnInAccount)?.[1] ?? '*';
  const prefix = `arn:${partitionOf(region)}:kms:${region}:${account}`;
  return key.startsWith('alias/') ? `${prefix}:${key}` : `${prefix}:key/${key}`;
}
