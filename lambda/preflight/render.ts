/**
 * Preflight's terminal output (pure): a line per container — a finding, or that nothing blocks its pull — with the
 * evidence and the fix in the words and commands a diagnosis uses; then what could not be checked, and the result
 * with its exit code. Tags (FAIL, LIKELY, RISK, OK, UNCHECKED) start the lines a CI log is searched for.
 */
import type { Language } from '../config';
import { isFailedCall } from '../domain/diagnosis';
import { redact } from '../domain/redact';
import { cleanText } from '../domain/sanitize';
import { text } from '../notify/catalogue-text';
import { evidenceLine } from '../notify/detail-sections';
import { plainBlock } from '../notify/escape';
import { causeTitle, confidenceText, stepText } from '../notify/render-helpers';
import { findingEvidence, isRisk, preflightExitCode, PREFLIGHT_EXIT } from './report';
import type { PreflightFinding, PreflightReport } from './run';

/** Evidence lines per finding, and command lines per step, shown. */
const EVIDENCE_MAX = 3;
const COMMAND_LINES_MAX = 8;

const TAG = { proven: 'FAIL', likely: 'LIKELY', possible: 'RISK' } as const;
/** Names and images as written in the file, shown on one line without control or format characters. */
const clean = (s: string) => cleanText(s, { max: 300 });
const INDENT = ' '.repeat('UNCHECKED'.length + 1);

function findingLines(lang: Language, f: PreflightFinding): string[] {
  const confidence = isRisk(f) ? text(lang, 'preflight.confidence.risk') : confidenceText(lang, f.confidence);
  const head = text(lang, 'preflight.finding', {
    container: clean(f.container),
    image: clean(f.image),
    title: causeTitle(lang, f.cause),
    cause: f.cause,
    confidence,
  });
  const lines = [`${TAG[f.confidence].padEnd(INDENT.length)}${redact(head)}`];
  const evidence = findingEvidence(f).filter((e) => e.result !== 'ruled-out');
  const shown = evidence.filter((e) => e.result === 'proven').length
    ? evidence.filter((e) => e.result === 'proven')
    : evidence;
  const label = (key: string) => `${INDENT}${text(lang, key)}: `;
  for (const [i, e] of shown.slice(0, EVIDENCE_MAX).entries())
    lines.push(`${i === 0 ? label('preflight.because') : `${INDENT}  `}${evidenceLine(lang, e)}`);
  for (const [i, s] of f.proposal.steps.entries()) {
    lines.push(`${i === 0 ? label('preflight.fix') : `${INDENT}  `}${stepText(lang, s)}`);
    const cmd = s.command ? plainBlock(s.command, 6_000).split('\n') : [];
    for (const c of cmd.slice(0, COMMAND_LINES_MAX)) lines.push(`${INDENT}    $ ${c}`);
    if (cmd.length > COMMAND_LINES_MAX) lines.push(`${INDENT}    … (${cmd.length - COMMAND_LINES_MAX})`);
  }
  return lines;
}

export function renderPreflight(report: PreflightReport, lang: Language): string {
  const t = report.target;
  const network = report.instanceNetwork
    ? text(lang, 'preflight.network.instance')
    : [
        t.service ? text(lang, 'preflight.network.service', { service: t.service }) : '',
        t.subnetIds.length
          ? text(lang, 'preflight.network.subnets', { subnets: t.subnetIds.join(', ') })
          : text(lang, 'preflight.network.none'),
        t.assignPublicIp ? text(lang, 'preflight.network.public-ip', { assignPublicIp: t.assignPublicIp }) : '',
      ].join('');
  const lines = [
    redact(
      text(lang, 'preflight.title', {
        taskDefinition: report.taskDefinition,
        cluster: t.cluster,
        region: t.region,
        launchType: t.launchType,
        network,
      }),
    ),
    '',
  ];
  for (const c of report.containers) {
    const findings = report.findings.filter((f) => f.container === c.name);
    if (!findings.length) {
      const ok = text(lang, 'preflight.container.ok', { container: clean(c.name), image: clean(c.image) });
      lines.push(`${'OK'.padEnd(INDENT.length)}${redact(ok)}`);
    }
    for (const f of findings) lines.push(...findingLines(lang, f));
  }
  for (const u of report.unchecked) {
    const key = isFailedCall(u) ? 'preflight.unchecked' : 'preflight.unchecked.no-call';
    const args = {
      container: clean(u.container),
      check: u.check,
      api: u.api,
      reason: cleanText(u.reason, { max: 600 }),
    };
    lines.push(`${'UNCHECKED'.padEnd(INDENT.length)}${redact(text(lang, key, args))}`);
  }
  lines.push('');
  const code = preflightExitCode(report);
  const proven = report.findings.filter((f) => f.confidence === 'proven').length;
  const likely = report.findings.filter((f) => f.confidence === 'likely').length;
  if (code === PREFLIGHT_EXIT.willFail) lines.push(text(lang, 'preflight.result.fail', { count: proven }));
  else if (code === PREFLIGHT_EXIT.unknown) {
    const n = report.unchecked.length;
    const key =
      likely && n ? 'preflight.result.unknown' : likely ? 'preflight.result.likely' : 'preflight.result.unchecked';
    lines.push(text(lang, key, { likely, unchecked: n }));
  } else lines.push(text(lang, 'preflight.result.pass', { count: report.containers.length }));
  return lines.join('\n');
}
