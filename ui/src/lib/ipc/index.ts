// The only module that imports @tauri-apps/*: every call to the Rust shell goes through
// here, so page tests can swap the back end with @tauri-apps/api/mocks.
import { invoke } from '@tauri-apps/api/core';
import type { Attempt } from '$lib/bindings/Attempt';
import type { AttemptDraft } from '$lib/bindings/AttemptDraft';
import type { CaseDraft } from '$lib/bindings/CaseDraft';
import type { ClaimantDraft } from '$lib/bindings/ClaimantDraft';
import type { CompanyDraft } from '$lib/bindings/CompanyDraft';
import type { Evidence } from '$lib/bindings/Evidence';
import type { Revision } from '$lib/bindings/Revision';
import { toAppError } from './errors';
import type { SearchHit } from '$lib/bindings/SearchHit';
import type { CaseSummary } from '$lib/bindings/CaseSummary';
import type { CaseFilePreview } from '$lib/bindings/CaseFilePreview';
import type { CapturePreview } from '$lib/bindings/CapturePreview';
import type { CaptureOutcome } from '$lib/bindings/CaptureOutcome';
import type { ImportOutcome } from '$lib/bindings/ImportOutcome';
import type { Restored } from '$lib/bindings/Restored';
import type { Guidance } from '$lib/bindings/Guidance';
import type { AddOutcome, AppSnapshot, AttemptPage, Case, CaseView, Claimant, Company, DataLocation, EvidenceItem, IntegrityReport, Paper, Settings } from './types';

export * from './errors';
export * from './types';

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

declare global {
  interface Window {
    /** Put in the page by the shell before it loads (src-tauri/src/commands/app.rs, `start_script`). */
    __EXPEDIENTE_START__?: AppSnapshot;
  }
}

/**
 * The start snapshot the shell put in the page (like `api.snapshot(true)`, without the
 * round trip), or `null` if it did not. Taken once: a reloaded page gets the same, by
 * then old, snapshot, so the caller reads a fresh one after its first paint.
 */
export function takeStartSnapshot(): AppSnapshot | null {
  if (typeof window === 'undefined') return null;
  const snap = window.__EXPEDIENTE_START__ ?? null;
  delete window.__EXPEDIENTE_START__;
  return snap;
}

export const api = {
  /**
   * Settings, app info and the lists, in one round trip (start and every refresh). At
   * `start`, only the list's first cases come (and `cases_total`).
   */
  snapshot: (start = false) => call<AppSnapshot>('app_snapshot', { start }),
  /** Switches the window to the sample case's own store (never the user's data); its case id. */
  openDemo: () => call<string>('open_demo'),
  /** Back from the sample case to the user's data. */
  leaveDemo: () => call<null>('leave_demo'),

  /** The case list, or with `archived` the archived cases. */
  listCases: (archived = false) => call<CaseSummary[]>('list_cases', { archived }),
  getCase: (id: string) => call<CaseView>('get_case', { id }),
  /** The case's next step, running clocks and its agency's readiness checklist, as of now. */
  caseGuidance: (id: string) => call<Guidance>('case_guidance', { id }),
  archiveCase: (id: string, reason: string) => call<Case>('archive_case', { id, reason }),
  unarchiveCase: (id: string, reason: string) => call<Case>('unarchive_case', { id, reason }),
  createCase: (draft: CaseDraft) => call<Case>('create_case', { draft }),
  /** A new company and its case, in one transaction: both written or neither; every wrong field of both in one error. */
  createCaseWithCompany: (company: CompanyDraft, draft: CaseDraft) => call<Case>('create_case_with_company', { company, draft }),
  reviseCase: (id: string, draft: CaseDraft, reason: string) => call<Case>('revise_case', { id, draft, reason }),
  /** A case corrected to name a company created with it, in one transaction. */
  reviseCaseWithCompany: (id: string, company: CompanyDraft, draft: CaseDraft, reason: string) =>
    call<Case>('revise_case_with_company', { id, company, draft, reason }),
  search: (query: string) => call<SearchHit[]>('search', { query }),
  /** The full check: every link, the directory revisions the case uses, every evidence file re-hashed (seconds on a big case). */
  verifyCase: (id: string) => call<IntegrityReport>('verify_case', { id }),

  attemptPage: (caseId: string, newestFirst: boolean, offset: number, limit: number) =>
    call<AttemptPage>('attempt_page', { caseId, newestFirst, offset, limit }),
  logAttempt: (caseId: string, draft: AttemptDraft) => call<Attempt>('log_attempt', { caseId, draft }),
  reviseAttempt: (attemptId: string, draft: AttemptDraft, reason: string) =>
    call<Attempt>('revise_attempt', { attemptId, draft, reason }),
  history: (id: string) => call<Revision[]>('record_history', { id }),

  listEvidence: (caseId: string) => call<EvidenceItem[]>('list_evidence', { caseId }),
  /** Files chosen in Rust's dialog; those the case already has come back as `duplicates`, held under `token`. */
  addEvidence: (caseId: string, attemptId: string | null, note: string) =>
    call<AddOutcome>('add_evidence', { caseId, attemptId, note }),
  /** The files of the drop Rust announced with `token` (the page never names a path). */
  addDroppedEvidence: (caseId: string, token: string) =>
    call<AddOutcome>('add_dropped_evidence', { caseId, token, attemptId: null }),
  /** The user's "yes, attach it again" for duplicates held under `token`. */
  attachAgain: (token: string) => call<Evidence[]>('attach_again', { token }),
  /** A revision with `reason`: the file stays in the history and leaves the dossier. */
  withdrawEvidence: (evidenceId: string, reason: string) => call<Evidence>('withdraw_evidence', { evidenceId, reason }),
  evidenceImage: (caseId: string, sha256: string) => call<ArrayBuffer>('evidence_image', { caseId, sha256 }),
  /** Sends a pasted image's raw bytes (not JSON); the case id travels in a header. */
  pasteEvidence: async (caseId: string, bytes: Uint8Array) => {
    try {
      return await invoke<AddOutcome>('paste_evidence', bytes, { headers: { 'x-case-id': caseId } });
    } catch (e) {
      throw toAppError(e);
    }
  },
  openEvidence: (caseId: string, sha256: string) => call<null>('open_evidence', { caseId, sha256 }),

  listClaimants: () => call<Claimant[]>('list_claimants'),
  createClaimant: (draft: ClaimantDraft) => call<Claimant>('create_claimant', { draft }),
  reviseClaimant: (id: string, draft: ClaimantDraft, reason: string) =>
    call<Claimant>('revise_claimant', { id, draft, reason }),
  setDefaultClaimant: (id: string) => call<null>('set_default_claimant', { id }),
  listCompanies: () => call<Company[]>('list_companies'),
  createCompany: (draft: CompanyDraft) => call<Company>('create_company', { draft }),
  reviseCompany: (id: string, draft: CompanyDraft, reason: string) =>
    call<Company>('revise_company', { id, draft, reason }),

  exportJson: (caseId: string) => call<string | null>('export_case_json', { caseId }),
  exportPdf: (caseId: string, paper: Paper) => call<string | null>('export_dossier_pdf', { caseId, paper }),

  openExport: (path: string) => call<null>('open_export', { path }),
  revealExport: (path: string) => call<null>('reveal_export', { path }),
  backup: () => call<string | null>('backup_data'),
  chooseCaseFile: () => call<CaseFilePreview | null>('choose_case_file'),
  importCaseFile: (token: string) => call<ImportOutcome>('import_case_file', { token }),
  forgetCaseFile: () => call<null>('forget_case_file'),
  chooseCaptureFiles: (caseId: string) => call<CapturePreview | null>('choose_capture_files', { caseId }),
  importCapture: (token: string, skipUnreadable: boolean) => call<CaptureOutcome>('import_capture', { token, skipUnreadable }),
  rereadCapture: (token: string, me: string[]) => call<CapturePreview>('reread_capture', { token, me }),
  forgetCapture: () => call<null>('forget_capture'),
  restoreBackup: () => call<Restored | null>('restore_backup'),

  setSettings: (settings: Settings) => call<Settings>('set_settings', { settings }),
  dataLocation: () => call<DataLocation>('data_location'),
  openDataDir: () => call<null>('open_data_dir'),
  chooseDataDir: () => call<DataLocation | null>('choose_data_dir'),
};

/**
 * Calls `cb` whenever the shell reports a write. Returns the unsubscribe function. The
 * events module loads on the first call, so start-up does not parse it.
 */
export async function onChanged(cb: (caseId: string | null) => void): Promise<() => void> {
  try {
    const { listen } = await import('@tauri-apps/api/event');
    return await listen<{ case_id: string | null }>('changed', (e) => cb(e.payload?.case_id ?? null));
  } catch {
    return () => {};
  }
}

/**
 * Names the window ("<case> — Expediente"): the title bar, the task switcher and screen
 * readers say which case is open. The window module loads on the first call.
 */
export async function setWindowTitle(title: string): Promise<void> {
  document.title = title;
  try {
    const { getCurrentWindow } = await import('@tauri-apps/api/window');
    await getCurrentWindow().setTitle(title);
  } catch {
    // Only a courtesy: the page's own title is set.
  }
}

/**
 * Calls `cb` when files are dropped on the window, with the token Rust keeps their paths
 * under (from the OS's drop event) and how many there are. The page never sees the paths.
 */
export async function onFilesDropped(cb: (token: string, count: number) => void): Promise<() => void> {
  try {
    const { listen } = await import('@tauri-apps/api/event');
    return await listen<{ token: string; count: number }>('evidence-dropped', (e) => cb(e.payload.token, e.payload.count));
  } catch {
    return () => {};
  }
}
