/**
 * A cause is one module (lambda/causes/<family>/<id>.ts): everything the tool knows about it in one place —
 * its id, the stop-reason texts that point at it, the calls whose answers prove or inform it, the
 * check that decides it from the facts, the planner that says (or does) the fix, and its sentences in every
 * language. registry.ts lists the modules; the classifier, the call plan, the planner map, the auto-fix list
 * and the catalogues are derived from that list (docs/design.md "Adding a cause").
 */
import type { Language } from '../config';
import type { CAUSES, CauseId, Diagnosis } from '../domain/diagnosis';
import type { RegistryType } from '../domain/image-ref';
import type { ImageProbe } from '../facts/image-probe';
import type { SLOT } from '../facts/slots';
import type { PlanOptions } from '../remediate/plan-options';
import type { Plan } from '../remediate/types';
import type { CheckContext, CheckResult, EvidenceText, TextArgs } from './context';

/** A budget slot by its short name (facts/slots.ts SLOT). */
export type CallName = keyof typeof SLOT;
/** A call a cause needs: one of the core probes' slots, or a probe the cause brings along (its own slots). */
export type Call = CallName | ImageProbe;

/** What a text rule may look at besides the normalised stop reason. */
export interface TextSubject {
  /** The normalised stop reason (typographic quotes and whitespace folded). */
  text: string;
  /** The event's image string, as given. */
  image?: string;
  /** Registry of the event's image, when it parses. */
  registryType?: RegistryType;
  /** The image failed to parse. */
  unparsable: boolean;
  /** EC2 or EXTERNAL launch type (the event's). */
  onInstance: boolean;
  /** The event names a launch type at all. */
  launchTypeKnown: boolean;
}

/**
 * A stop-reason rule: the classifier tries the rules by `order` (lower first; the family rules of classify.ts
 * use 100 and up) and the first rule that answers gives the ranked candidates. The prior, never the proof.
 */
export interface TextRule {
  order: number;
  match(subject: TextSubject): CauseId[] | undefined;
}

export type Planner = (d: Diagnosis, partition: string, options: PlanOptions) => Plan;

/** A catalogue of sentences: keys in both languages, so that a missing translation is a type error. */
export interface Texts<K extends string = string> {
  readonly en: Readonly<Record<K, string>>;
  readonly ja: Readonly<Record<K, string>>;
  /** An evidence sentence (or part) of this catalogue with the values of its {placeholders}. */
  t(key: K, args?: TextArgs): EvidenceText;
  /** A key of this catalogue as it is (plan steps, refusals, notes). */
  key(key: K): K;
}

/** Builds a catalogue; `ja` must have exactly the keys of `en`. */
export function texts<const K extends string>(en: Record<K, string>, ja: Record<NoInfer<K>, string>): Texts<K> {
  return {
    en,
    ja,
    t: (key, args) => (args ? { key, args } : { key }),
    key: (key) => key,
  };
}

/**
 * What a notification calls a cause: `title` goes into the subject (printable ASCII in English), `explain`
 * says what it means.
 */
export interface CauseWords {
  title: string;
  explain: string;
}

export interface CauseModule<Id extends CauseId = CauseId> {
  id: Id;
  family: (typeof CAUSES)[Id];
  /** Its name and explanation in every language (the catalogue keys `cause.<id>.title` and `.explain`). */
  words: { readonly [L in Language]: CauseWords };
  /** Stop-reason rules owned by this cause (the family-wide ones live in classify.ts). */
  text?: readonly TextRule[];
  /**
   * The calls this cause needs: `proves` can prove or rule it out, `informs` only feed its evidence or its
   * fix inputs. The call plan, and so the order calls get the budget in, is derived from these lists.
   */
  calls: { proves: readonly Call[]; informs: readonly Call[] };
  /** Decides the cause from the facts (pure). The unknown cause has none. */
  check?: (ctx: CheckContext) => CheckResult;
  plan: Planner;
  /** The stack parameter that opts into this cause's fix, when it has one. */
  autoFix?: 'AutoFixExecutionRolePolicy' | 'AutoFixVpcEndpoints';
  /** Every catalogue this cause's evidence and plan use (its own, and shared family ones). */
  texts: readonly Texts[];
}

/** Identity with the id's family checked against domain/diagnosis.ts CAUSES. */
export function defineCause<Id extends CauseId>(m: CauseModule<Id>): CauseModule<Id> {
  return m;
}
