import type { Language } from '../config';
import type { Diagnosis } from '../domain/diagnosis';
import type { Outcome } from '../remediate/types';
import type { Takeover } from '../dedupe/types';
import type { HealthNotice } from '../event/health-event';

export interface IncidentInfo {
  /** Stable id of the incident (shown in messages, tagged on created resources). */
  id: string;
  /** "first": first notification of the incident; "reminder": the window expired and it still recurs. */
  role: 'first' | 'reminder';
  /** Failed tasks seen in this incident so far (including this one). */
  count: number;
  /** ISO time the incident was first seen. */
  firstSeenAt: string;
  windowMinutes: number;
}

export interface NotificationInput {
  diagnosis: Diagnosis;
  outcome: Outcome;
  incident: IncidentInfo;
  language: Language;
  /** ISO time of the stop (event time), for the "what happened" line. */
  stoppedAt?: string;
  /**
   * Set when this attempt took over from one that stopped before notifying: what that one changed (see
   * earlier-attempt.ts).
   */
  earlier?: Takeover;
  /** Open AWS Health events of ECR, ECS or Fargate in the task's Region (issue 20). */
  health?: HealthNotice[];
}

export interface RenderedNotification {
  /** ≤ 100 printable ASCII characters, no line breaks (SNS limit), in every language. */
  subject: string;
  /** Plain text, email friendly. */
  body: string;
  /** SNS MessageAttributes (String): cause, family, cluster, service, action, confidence, incident. */
  attributes: Record<string, string>;
  /** Short text for chat integrations (Amazon Q Developer in chat applications custom notification). */
  chat: {
    version: '1.0';
    source: 'custom';
    content: { textType: 'client-markdown'; title: string; description: string };
    metadata?: Record<string, unknown>;
  };
}
