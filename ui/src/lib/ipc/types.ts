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

export type { AddOutcome } from '$lib/bindings/AddOutcome';
export type { DuplicateFile } from '$lib/bindings/DuplicateFile';
export type { AppInfo } from '$lib/bindings/AppInfo';
export type { AppSnapshot } from '$lib/bindings/AppSnapshot';
export type { AttemptPage } from '$lib/bindings/AttemptPage';
export type { CaseView } from '$lib/bindings/CaseView';
export type { DataDirSource } from '$lib/bindings/DataDirSource';
export type { DataLocation } from '$lib/bindings/DataLocation';
export type { EvidenceItem } from '$lib/bindings/EvidenceItem';
export type { IntegrityProblem } from '$lib/bindings/IntegrityProblem';
export type { IntegrityReport } from '$lib/bindings/IntegrityReport';
export type { Settings } from '$lib/bindings/Settings';
export type { SearchHit } from '$lib/bindings/SearchHit';

export type Paper = 'a4' | 'letter';
