import type { AuditTables } from '../audit/tables.ts';
import type { ContentTables } from '../content/tables.ts';
import type { PersonalDataTables } from '../personal-data/tables.ts';
import type { StaffTables } from '../staff/tables.ts';
import type { TerminalTables } from '../terminals/tables.ts';
import type { TransactionTables } from '../transactions/tables.ts';
import type { UsageTables } from '../usage/tables.ts';

/**
 * The whole database as Kysely sees it. Each feature declares its tables in its own
 * `tables.ts` and adds its interface here.
 */
export interface Database extends StaffTables, AuditTables, TerminalTables, ContentTables, TransactionTables, PersonalDataTables, UsageTables {}
