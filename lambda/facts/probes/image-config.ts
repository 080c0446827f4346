/**
 * Preflight only: a single-platform image's platform, from its config blob — ecr:GetDownloadUrlForLayer for the
 * config digest, then a GET of the presigned URL it returns (a few KB; only `os`, `architecture` and `variant` are
 * kept, nothing else of the config — which can hold environment values — is read into a fact). Bounded: the call
 * budget's deadline, 256 KiB, https only (a loopback URL is allowed, for emulators).
 */
import { GetDownloadUrlForLayerCommand } from '@aws-sdk/client-ecr';
import type { Clients } from '../../aws/clients';
import type { Fact } from '../../aws/call';
import type { ImageRef } from '../../domain/image-ref';
import type { ImageConfigFacts } from '../types';
import type { CallBudget } from './budget';

export const IMAGE_CONFIG_ACTION = 'ecr:GetDownloadUrlForLayer';
const MAX_CONFIG_BYTES = 256 * 1024;

const allowedUrl = (u: URL) =>
  u.protocol === 'https:' || (u.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(u.hostname));

class BlobError extends Error {
  override name = 'ImageConfigUnreadable';
}

async function platformOf(url: string, signal: AbortSignal): Promise<ImageConfigFacts> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BlobError('the download URL is not a URL');
  }
  if (!allowedUrl(parsed)) throw new BlobError('the download URL is not https');
  const res = await fetch(parsed, { signal, redirect: 'follow' });
  if (!res.ok) throw new BlobError(`the config blob download answered HTTP ${res.status}`);
  const body = await res.arrayBuffer();
  if (body.byteLength > MAX_CONFIG_BYTES) throw new BlobError('the config blob is larger than 256 KiB');
  let config: { os?: unknown; architecture?: unknown; variant?: unknown };
  try {
    config = JSON.parse(new TextDecoder().decode(body)) as typeof config;
  } catch {
    throw new BlobError('the config blob is not JSON');
  }
  const word = (v: unknown) => (typeof v === 'string' && /^[a-z0-9]{1,20}$/.test(v) ? v : undefined);
  const os = word(config.os);
  const arch = word(config.architecture);
  if (!os || !arch) throw new BlobError('the config blob names no os and architecture');
  return { platform: `${os}/${arch}` };
}

export async function readImageConfig(
  clients: Clients,
  budget: CallBudget,
  ref: ImageRef,
  configDigest: string,
): Promise<Fact<ImageConfigFacts>> {
  const input = { registryId: ref.accountId!, repositoryName: ref.repository, layerDigest: configDigest };
  return budget.call(IMAGE_CONFIG_ACTION, input, async (abortSignal) => {
    const r = await clients.ecr.send(new GetDownloadUrlForLayerCommand(input), { abortSignal });
    if (!r.downloadUrl) throw new BlobError('ecr:GetDownloadUrlForLayer returned no URL');
    return platformOf(r.downloadUrl, abortSignal);
  });
}
