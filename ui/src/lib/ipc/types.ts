// The shell's own types (generated from src-tauri by ts-rs, like the core's) re-exported
// under the names the UI uses, and generic helpers over the generated bindings.
import type { CaseDraft } from '$lib/bindings/CaseDraft';
import type { ClaimantDraft } from '$lib/bindings/ClaimantDraft';
import type { CompanyDraft } from '$lib/bindings/CompanyDraft';
import type { Stored } from '$lib/bindings/Stored';

export type { Stored };
export type Case = Stored<CaseDraft>;
export type Claimant = Stored<ClaimantDraft>;
export type Company = Stored<CompanyDraft>;

export type { AppInfo } from '$lib/bindings/AppInfo';
export type { AppSnapshot } from '$lib/bindings/AppSnapshot';
export type { AttemptPage } from '$lib/bindings/AttemptPage';
export type { CaseView } from '$lib/bindings/CaseView';
export type { DataDirSource } from '$lib/bindings/DataDirSource';
export type { DataLocation } from '$lib/bindings/DataLocation';
export type { EvidenceItem } from '$lib/bindings/EvidenceItem';
export type { Settings } from '$lib/bindings/Settings';
export type { SearchHit } from '$lib/bindings/SearchHit';

export type Paper = 'a4' | 'letter';

// ── HAND-WRITTEN: remove when expediente-core's `integrity` module lands on main ──────────
// The contract of `expediente_core::integrity::{IntegrityReport, IntegrityProblem}` (what
// `verify_case` will return), written out by hand until ts-rs generates
// $lib/bindings/IntegrityReport.ts and IntegrityProblem.ts; then re-export those instead.
/** One thing wrong with a case, by stable `code`; `detail` is English, for advocates. */
export type IntegrityProblem = {
  /** link_changed, link_out_of_order, links_removed, wrong_case, foreign_revision, revision_gap, bad_record, evidence_missing, evidence_changed, directory_changed */
  code: string;
  chain: string;
  index: number | null;
  kind: string | null;
  record_id: string | null;
  revision: number | null;
  attempt_number: number | null;
  file_name: string | null;
  sha256: string | null;
  detail: string;
};
/** The result of checking one case: its chains, the directory revisions it uses and (unless quick) its evidence files. */
export type IntegrityReport = {
  ok: boolean;
  links: number;
  evidence_files: number;
  evidence_checked: boolean;
  fingerprint: string;
  problems: IntegrityProblem[];
};
// ── end of HAND-WRITTEN ──────────────────────────────────────────────────────────────────
