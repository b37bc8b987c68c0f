//! `expediente-cli`: the headless command line over Expediente's library, for advocates'
//! scripts and our tests. `args` is the grammar, `fields` turns flags into drafts, `run`
//! executes a command against the store (`evidence`: attach and withdraw; `capture`:
//! e-mails, chats and invoices brought in), `verify` checks chains and dossier PDFs
//! (`stamp`: RFC 3161 timestamps on them), `guidance` prints next steps, readiness and the
//! deadlines' calendar, `letter` the demand letter and complaint text, `output` prints,
//! `csv` writes the chronology for spreadsheets, `error` maps failures to exit codes.

mod args;
mod capture;
mod csv;
mod error;
mod evidence;
mod fields;
mod guidance;
mod import;
mod letter;
mod output;
mod run;
mod stamp;
mod verify;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version print to stdout and exit 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                error::exit::USAGE
            } else {
                error::exit::OK
            });
        }
    };
    let json = cli.json;
    match run::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            output::error(&e, json);
            ExitCode::from(e.exit)
        }
    }
}
