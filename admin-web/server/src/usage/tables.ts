/**
 * Usage statistics: each terminal's hourly records as they came (kept for a configurable
 * number of days) and totals per China-time day and terminal, split by what they count (kept
 * for good). Counts only: nothing here identifies a person.
 */

/** One terminal's latest revision of one UTC hour; the key that makes delivery exactly once. */
export interface UsageHourRow {
  terminal_id: string;
  hour_start: number;
  revision: number;
  received_at: number;
  /** The `UsageHour` as JSON. */
  record: string;
  /** The record this revision replaced, JSON (null when the hour was new): the base of the daily difference. */
  replaced: string | null;
}

/** Sessions per funnel step and elderly-mode sessions, per day and terminal. */
export interface UsageDayRow {
  day: string;
  terminal_id: string;
  attract: number;
  home: number;
  service: number;
  done: number;
  elderly: number;
}

export interface UsageDayServiceRow {
  day: string;
  terminal_id: string;
  service: string;
  started: number;
  completed: number;
}

export interface UsageDayScreenRow {
  day: string;
  terminal_id: string;
  screen: string;
  shown: number;
}

export interface UsageDayLanguageRow {
  day: string;
  terminal_id: string;
  lang: string;
  sessions: number;
}

export interface UsageDayPlayRow {
  day: string;
  terminal_id: string;
  item: string;
  plays: number;
  seconds: number;
}

export interface UsageTables {
  usage_hours: UsageHourRow;
  usage_days: UsageDayRow;
  usage_day_services: UsageDayServiceRow;
  usage_day_screens: UsageDayScreenRow;
  usage_day_languages: UsageDayLanguageRow;
  usage_day_plays: UsageDayPlayRow;
}
