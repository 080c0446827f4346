/**
 * The SDK halves of the probes cause modules bring along (facts/image-probe.ts), one line each: gather.ts runs the
 * runner of every declaration the candidates list. Kept apart from the declarations so that loading a cause module
 * (the offline CLI does) never loads the AWS SDK; a test checks that every declared probe has its runner here.
 */
import type { ImageProbe, ImageProbeRunner } from '../image-probe';
import { PULL_THROUGH_CACHE_RUNNER } from './pull-through-cache';

export const IMAGE_PROBE_RUNNERS: readonly ImageProbeRunner[] = [PULL_THROUGH_CACHE_RUNNER as ImageProbeRunner];

export function runnerOf(probe: ImageProbe): ImageProbeRunner | undefined {
  return IMAGE_PROBE_RUNNERS.find((r) => r.probe === probe);
}
