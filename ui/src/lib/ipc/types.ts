// Types the shell defines itself (not generated from the core), and generic helpers over
// the generated bindings in $lib/bindings.
import type { RecordMeta } from '$lib/bindings/RecordMeta';
import type { CaseDraft } from '$lib/bindings/CaseDraft';
import type { ClaimantDraft } from '$lib/bindings/ClaimantDraft';
import type { CompanyDraft } from '$lib/bindings/CompanyDraft';
import type { CaseStats } from '$lib/bindings/CaseStats';
import type { AppError } from './errors';

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
}

export type { SearchHit } from '$lib/bindings/SearchHit';
export type { VerifyReport } from '$lib/bindings/VerifyReport';

export type Paper = 'a4' | 'letter';
