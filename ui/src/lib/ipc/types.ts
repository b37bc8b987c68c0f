// Types the shell defines itself (not generated from the core), and generic helpers over
// the generated bindings in $lib/bindings.
import type { RecordMeta } from '$lib/bindings/RecordMeta';
import type { CaseDraft } from '$lib/bindings/CaseDraft';
import type { ClaimantDraft } from '$lib/bindings/ClaimantDraft';
import type { CompanyDraft } from '$lib/bindings/CompanyDraft';
import type { CaseStats } from '$lib/bindings/CaseStats';
import type { AppError } from './errors';
import type { DateFormat } from '$lib/format';

/** A stored record: its metadata flattened beside its content (serde `flatten`). */
export type Stored<T> = RecordMeta & T;
export type Case = Stored<CaseDraft>;
export type Claimant = Stored<ClaimantDraft>;
export type Company = Stored<CompanyDraft>;

export interface AppInfo {
  version: string;
  data_dir: string;
  startup_error: AppError | null;
  first_run: boolean;
  default_claimant: string | null;
}

export interface CaseView {
  case: Case;
  claimant: Claimant;
  company: Company;
  stats: CaseStats;
}

export interface Settings {
  language: 'auto' | 'es' | 'en';
  /** How dates are written; older settings files have none ("short"). */
  date_format?: DateFormat;
}

/** Where the data folder in use came from. */
export type DataDirSource = 'flag' | 'env' | 'config' | 'default';

/** The data folder in use, and the one chosen for the next start. */
export interface DataLocation {
  current: string;
  source: DataDirSource;
  chosen: string | null;
  restart_needed: boolean;
}

export type { SearchHit } from '$lib/bindings/SearchHit';
export type { VerifyReport } from '$lib/bindings/VerifyReport';

export type Paper = 'a4' | 'letter';
