//! Build script: lets tauri-build read `tauri.conf.json`, the capabilities and the icons,
//! and generates an `allow-<command>` permission for each of our commands so the
//! capability file can list exactly what the window may call.

const COMMANDS: &[&str] = &[
    "app_snapshot",
    "open_demo",
    "leave_demo",
    "list_cases",
    "get_case",
    "create_case",
    "create_case_with_company",
    "revise_case",
    "revise_case_with_company",
    "archive_case",
    "unarchive_case",
    "search",
    "verify_case",
    "case_guidance",
    "attempt_page",
    "log_attempt",
    "revise_attempt",
    "record_history",
    "list_evidence",
    "add_evidence",
    "add_dropped_evidence",
    "attach_again",
    "withdraw_evidence",
    "evidence_image",
    "paste_evidence",
    "open_evidence",
    "list_claimants",
    "create_claimant",
    "revise_claimant",
    "set_default_claimant",
    "list_companies",
    "create_company",
    "revise_company",
    "export_case_json",
    "export_dossier_pdf",
    "backup_data",
    "choose_case_file",
    "import_case_file",
    "forget_case_file",
    "choose_capture_files",
    "import_capture",
    "reread_capture",
    "forget_capture",
    "restore_backup",
    "open_export",
    "reveal_export",
    "set_settings",
    "data_location",
    "open_data_dir",
    "choose_data_dir",
];

fn main() {
    let attrs = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attrs) {
        // A build script reports through its exit status; there is no caller to return to.
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
