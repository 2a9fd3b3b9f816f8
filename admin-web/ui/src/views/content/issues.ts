/**
 * Validation messages on the field: the draft is parsed with its type's schema in the browser
 * (the server parses it again on save), and each zod issue becomes a sentence in the console's
 * language under the field its path names.
 */
import { z } from 'zod';
import { CONTENT_TYPES } from '@civic-kiosk/protocol/content';
import type { ContentType } from '@civic-kiosk/protocol/content';
import { t } from '../../i18n/index.ts';
import { pathKey } from './schema-form.ts';
import './strings.ts';

/** Messages per field path (`notices.0.title.en`); the empty path is the whole file. */
export type FieldErrors = ReadonlyMap<string, string[]>;

/** The content schemas' own messages (protocol/content), by the string key that translates them. */
const SCHEMA_MESSAGES: Record<string, string> = {
  'sha256 as 64 lower-case hex digits': 'file',
  'lower-case id of letters, digits and dashes': 'id',
  'date as YYYY-MM-DD': 'date',
  'time as HH:MM': 'time',
  'index number like SHJX-2025-00123': 'indexNumber',
  'digits with optional dashes': 'phone',
  'a service name': 'service',
  'daypart must end after it starts': 'daypart',
  'expiresAt must be after issuedAt': 'expiry',
};

/** One issue as the person editing reads it. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const known = SCHEMA_MESSAGES[issue.message];
  if (known) return t(`content.issue.schema.${known}`);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('content.issue.required') : t('content.issue.tooShort', { n: Number(issue.minimum) });
      if (issue.origin === 'array') return t('content.issue.fewItems', { n: Number(issue.minimum) });
      return t('content.issue.atLeast', { limit: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return t('content.issue.tooLong', { n: Number(issue.maximum) });
      if (issue.origin === 'array') return t('content.issue.manyItems', { n: Number(issue.maximum) });
      return t('content.issue.atMost', { limit: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'datetime' ? t('content.issue.schema.datetime') : t('content.issue.pattern');
    case 'invalid_type':
      return issue.expected === 'int' ? t('content.issue.whole') : t('content.issue.required');
    default:
      return t('content.issue.invalid');
  }
}

function collect(entries: Iterable<[string, string]>): FieldErrors {
  const out = new Map<string, string[]>();
  for (const [path, message] of entries) out.set(path, [...(out.get(path) ?? []), message]);
  return out;
}

/** The draft's problems by field; empty when it is valid. */
export function draftIssues(type: ContentType, draft: unknown): FieldErrors {
  const parsed = CONTENT_TYPES[type].safeParse(draft);
  if (parsed.success) return new Map();
  return collect(parsed.error.issues.map((i) => [pathKey(i.path as (string | number)[]), issueMessage(i)]));
}

const ServerIssues = z.array(z.object({ path: z.string(), message: z.string() }));

/** The server's refusal (`details` of content-invalid: path and message per issue) by field. */
export function serverIssues(details: unknown): FieldErrors {
  const parsed = ServerIssues.safeParse(details);
  return collect(parsed.success ? parsed.data.map((d) => [d.path, SCHEMA_MESSAGES[d.message] ? t(`content.issue.schema.${SCHEMA_MESSAGES[d.message]}`) : d.message]) : []);
}
