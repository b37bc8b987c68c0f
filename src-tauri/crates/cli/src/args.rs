//! The command line's grammar (clap derive): every subcommand, flag and help text, plus
//! the value parsers for the domain's enums. Parsing only: no store access here; field
//! values that need the domain (dates, amounts, durations) are checked in `fields`.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use expediente_core::{CaseStatus, Channel, Direction, Lang, Outcome};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  failure: the integrity check found a broken chain, or a database/file error
  2  usage error: unknown command or flag, missing argument, bad choice
  3  validation error: a field is wrong (nothing was written), or a rejected import/file
  4  not found: no record with that id

Errors go to stderr as `error: <field>: <message>`, or with --json as one JSON object
{\"code\", \"field\", \"message\", \"errors\"}.";

const EXAMPLES: &str = "\
Examples:
  # Where the data lives: --data-dir, else $EXPEDIENTE_DATA_DIR, else the app's folder
  export EXPEDIENTE_DATA_DIR=~/expedientes

  ME=$(expediente-cli claimant create --name 'María Fernanda López Ruiz' --email mafer@example.com --default)
  CO=$(expediente-cli company create --trade-name ConectaMóvil --legal-name 'Conecta Móvil de México, S.A. de C.V.' \\
        --channel 'phone=800 123 4567;Atención a clientes')
  CASE=$(expediente-cli case create --company $CO --title 'Reembolso de celular no entregado' \\
        --amount 8499.00 --currency MXN --agency profeco)
  expediente-cli log $CASE --at 2026-11-20T10:15:00-06:00 --channel phone --agent 'Karla (ID 40512)' \\
        --reference REP-551870 --duration 38m --outcome promise --promised-by 2026-11-27 \\
        --response 'El reembolso se verá reflejado en 5 días hábiles'
  expediente-cli attach $CASE ticket.pdf --note 'Ticket de compra'
  expediente-cli case list --json
  expediente-cli stats $CASE
  expediente-cli verify                      # every chain; exit 1 if any is broken
  expediente-cli export $CASE --json caso.json
  expediente-cli export $CASE --pdf expediente.pdf
  expediente-cli verify --dossier expediente.pdf   # pages, data and attachments, from the PDF alone
  expediente-cli backup respaldo.expediente";

/// Expediente's headless command line: log contact attempts with a company, keep them in an
/// append-only, hash-chained store, and verify, export, back up and restore cases.
#[derive(Debug, Parser)]
#[command(
    name = "expediente-cli",
    version,
    after_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
    after_long_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
)]
pub struct Cli {
    /// Data folder (database and evidence). Default: $EXPEDIENTE_DATA_DIR, else the app's folder.
    #[arg(long, global = true, env = "EXPEDIENTE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print results and errors as JSON (for scripts).
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create, list and show claimants (the people who complain).
    #[command(subcommand)]
    Claimant(ClaimantCmd),
    /// Create, list and show companies.
    #[command(subcommand)]
    Company(CompanyCmd),
    /// Create, list and show cases.
    #[command(subcommand)]
    Case(CaseCmd),
    /// Log a contact attempt in a case; prints the new attempt's id.
    #[command(
        after_help = "Example:\n  expediente-cli log CASE --channel web_chat --agent 'Jorge R.' --reference CHAT-7719302 \\\n      --outcome redirected --response 'Comuníquese al 800 123 4567'"
    )]
    Log(LogArgs),
    /// Attach an evidence file to a case (or to one of its attempts). A file whose bytes
    /// the case already has is refused (exit 3) unless --allow-duplicate.
    Attach(AttachArgs),
    /// Withdraw an evidence file attached by mistake: a revision with the reason, kept in
    /// the history; the file leaves the dossier.
    #[command(
        after_help = "Example:\n  expediente-cli withdraw CASE 3f2a9c --reason 'Adjuntado por error: es de otro caso'\n  # EVIDENCE: the evidence id or the file's SHA-256 (or a unique prefix of 4+ characters)"
    )]
    Withdraw(WithdrawArgs),
    /// Correct a record: a new revision that keeps the old one and the reason.
    #[command(subcommand)]
    Revise(ReviseCmd),
    /// A case's summary in numbers (attempts, promises broken, longest wait...).
    Stats(StatsArgs),
    /// Check hash chains (one case or everything), or a PDF dossier from the file alone.
    #[command(
        after_help = "Examples:\n  expediente-cli verify               # every chain\n  expediente-cli verify CASE\n  expediente-cli verify --dossier expediente.pdf\n      # the case data the PDF embeds, its evidence files, its metadata and every page\n      # (re-rendered and compared); no store needed. Exit 1 names the first problem:\n      #   error: dossier: page_differs: page 4 is not what the embedded data renders to: ...\n  expediente-cli verify --dossier expediente.pdf --export caso.json   # and how caso.json moved since"
    )]
    Verify(VerifyArgs),
    /// Add an RFC 3161 document timestamp to an existing dossier PDF, without re-rendering
    /// it (only a SHA-256 hash and a nonce are sent to the TSA).
    #[command(
        after_help = "Example:\n  expediente-cli stamp expediente.pdf --tsa http://tsa.example/tsr"
    )]
    Stamp(StampArgs),
    /// Every revision of one record, oldest first.
    History(IdArg),
    /// Full-text search over cases, companies and attempts.
    Search(SearchArgs),
    /// Export a case: the JSON exchange format (`--json FILE`, `-` for stdout), the PDF dossier (`--pdf FILE`), the chronology as CSV (`--csv FILE`).
    #[command(
        after_help = "Examples:\n  expediente-cli export CASE --json caso.json\n  expediente-cli export CASE --pdf expediente.pdf --paper letter"
    )]
    Export(ExportArgs),
    /// Import a case from its dossier PDF (with the evidence files inside it) or a JSON
    /// export; prints the case id. `--dry-run` shows what it holds and writes nothing.
    #[command(
        after_help = "Examples:\n  expediente-cli import expediente.pdf --dry-run\n  expediente-cli import caso.json"
    )]
    Import(ImportArgs),
    /// Bring in e-mails (.eml, .mbox), WhatsApp chat exports (.txt, .zip) and CFDI
    /// invoices (.xml) as attempts, evidence and case facts. Prints the preview; writes
    /// (in one transaction) only without --dry-run, and nothing if a file could not be read.
    #[command(
        after_help = "Examples:\n  expediente-cli import-messages CASE soporte.mbox factura.xml --dry-run\n  expediente-cli import-messages CASE 'Chat de WhatsApp con Telco.zip' --me 'Ana'\n  expediente-cli import-messages CASE respuesta.eml --json"
    )]
    ImportMessages(crate::capture::ImportMessagesArgs),
    /// Back up the whole data folder (database and evidence) into one file.
    Backup(FileArg),
    /// Restore a backup into an empty or new data folder.
    Restore(FileArg),
    /// Load the sample case (in Spanish); prints its id.
    Demo,
    /// The next step for a case (with its clocks), or for every open case by urgency.
    #[command(
        after_help = "Examples:\n  expediente-cli next            # every open case, most urgent first\n  expediente-cli next CASE --lang en"
    )]
    Next(crate::guidance::NextArgs),
    /// What a filing with the case's agency (or --agency CODE) needs, and what is missing.
    Readiness(crate::guidance::ReadinessArgs),
    /// Every running deadline of the open cases as an iCalendar file (--ics FILE).
    Calendar(crate::guidance::CalendarArgs),
    /// The formal demand letter (--kind demand) or an agency form's complaint text (--kind complaint).
    Letter(crate::letter::LetterArgs),
}

#[derive(Debug, Subcommand)]
pub enum ClaimantCmd {
    /// Create a claimant; prints its id.
    Create(ClaimantCreate),
    /// List claimants (the default one is marked with *).
    List,
    /// Show one claimant.
    Show(IdArg),
    /// Make a claimant the default profile for new cases.
    SetDefault(IdArg),
}

#[derive(Debug, Subcommand)]
pub enum CompanyCmd {
    /// Create a company; prints its id.
    Create(CompanyFields),
    /// List companies.
    List,
    /// Show one company.
    Show(IdArg),
}

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Create a case; prints its id.
    Create(Box<CaseFields>),
    /// List cases with their attempt counts and overdue promises.
    List(CaseFilter),
    /// Show a case with its attempts and evidence.
    Show(IdArg),
    /// Archive a case: out of `case list`, kept whole in its chain (a revision with a reason).
    Archive(ArchiveArgs),
    /// Bring an archived case back into `case list` (a revision with a reason).
    Unarchive(ArchiveArgs),
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Case id.
    pub id: String,
    /// Why (kept with the revision, shown in its history).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct CaseFilter {
    /// Only cases in this status.
    #[arg(long, value_parser = status_parser())]
    pub status: Option<CaseStatus>,
    /// Only cases against this company (id or unique prefix).
    #[arg(long)]
    pub company: Option<String>,
    /// Only cases with a promise whose date passed with no fix.
    #[arg(long)]
    pub overdue: bool,
    /// List the archived cases instead (they are left out otherwise).
    #[arg(long)]
    pub archived: bool,
}

#[derive(Debug, Subcommand)]
pub enum ReviseCmd {
    /// Correct an attempt: only the flags given change.
    Attempt(ReviseAttempt),
    /// Correct a case (status, folio, facts...): only the flags given change.
    Case(ReviseCase),
    /// Correct a company: only the flags given change.
    Company(ReviseCompany),
    /// Correct a claimant: only the flags given change.
    Claimant(ReviseClaimant),
}

#[derive(Debug, Args)]
pub struct IdArg {
    /// Record id (a case, claimant or company id may be shortened to its last 6–8 characters, or any unique prefix or suffix).
    pub id: String,
}

#[derive(Debug, Args)]
pub struct FileArg {
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A dossier PDF exported by Expediente, or a JSON export.
    pub file: PathBuf,
    /// Show what the file holds and what this store already has; write nothing
    /// (exit 3 if the case is already here).
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for (FTS5 syntax).
    pub query: String,
}

#[derive(Debug, Args)]
pub struct ClaimantCreate {
    #[command(flatten)]
    pub fields: ClaimantFields,
    /// Also make this the default claimant.
    #[arg(long)]
    pub default: bool,
}

#[derive(Debug, Args, Default)]
pub struct ClaimantFields {
    /// Full name.
    #[arg(long)]
    pub name: Option<String>,
    /// ID document type (INE, Pasaporte, DNI...); needs --id-number.
    #[arg(long)]
    pub id_kind: Option<String>,
    /// ID document number; an empty value removes the document.
    #[arg(long)]
    pub id_number: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
}

#[derive(Debug, Args, Default)]
pub struct CompanyFields {
    /// Trade name (what people call it).
    #[arg(long)]
    pub trade_name: Option<String>,
    /// Legal name (razón social).
    #[arg(long)]
    pub legal_name: Option<String>,
    /// Tax id (RFC, NIT, RUT, EIN...).
    #[arg(long)]
    pub tax_id: Option<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub website: Option<String>,
    /// A known channel as `KIND=VALUE[;LABEL]`, e.g. 'phone=800 123 4567;Atención a clientes'.
    /// Repeat for several; in a revision, the given list replaces the old one.
    #[arg(long = "channel", value_name = "KIND=VALUE[;LABEL]")]
    pub channels: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct CaseFields {
    /// Claimant id (default: the default claimant).
    #[arg(long)]
    pub claimant: Option<String>,
    /// Company id.
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// The good or service in dispute.
    #[arg(long)]
    pub product: Option<String>,
    /// Account, contract or order number.
    #[arg(long)]
    pub account: Option<String>,
    /// Purchase date, YYYY-MM-DD (empty to clear).
    #[arg(long, value_name = "DATE")]
    pub purchase_date: Option<String>,
    /// Amount in dispute, e.g. 8499.00 (empty to clear); needs --currency unless already set.
    #[arg(long)]
    pub amount: Option<String>,
    /// ISO 4217 currency of the amount (MXN, USD, EUR...). Default MXN.
    #[arg(long)]
    pub currency: Option<String>,
    /// What happened, in the claimant's words.
    #[arg(long)]
    pub facts: Option<String>,
    /// What the claimant asks for (pretensiones).
    #[arg(long)]
    pub requests: Option<String>,
    /// Target agency profile: profeco, condusef, cfpb, sernac, sic, indecopi, consumo or
    /// other (empty to clear).
    #[arg(long)]
    pub agency: Option<String>,
    /// The agency's folio once filed.
    #[arg(long)]
    pub folio: Option<String>,
    /// Where the case stands (default open).
    #[arg(long, value_parser = status_parser())]
    pub status: Option<CaseStatus>,
    /// Date the case was opened, YYYY-MM-DD (default today).
    #[arg(long, value_name = "DATE")]
    pub opened_on: Option<String>,
    /// Language of the case and its dossier.
    #[arg(long, value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

#[derive(Debug, Args, Default)]
pub struct AttemptFields {
    /// When it happened, RFC 3339 with offset (e.g. 2026-11-20T10:15:00-06:00). Default: now.
    #[arg(long, value_name = "DATETIME")]
    pub at: Option<String>,
    /// Who started the contact. Default: to_company.
    #[arg(long, value_parser = direction_parser())]
    pub direction: Option<Direction>,
    /// How the contact was made (required for a new attempt).
    #[arg(long, value_parser = channel_parser())]
    pub channel: Option<Channel>,
    /// Platform, number dialled, branch... ("X", "800 123 4567", "Sucursal Centro").
    #[arg(long)]
    pub detail: Option<String>,
    /// Agent's name or id.
    #[arg(long)]
    pub agent: Option<String>,
    /// Reference / ticket / folio given by the company.
    #[arg(long = "reference", alias = "ref")]
    pub reference: Option<String>,
    /// Call length: seconds, or 38m, 1h5m, 12:30 (empty to clear).
    #[arg(long)]
    pub duration: Option<String>,
    /// What the claimant asked for.
    #[arg(long)]
    pub asked: Option<String>,
    /// What came of it (required for a new attempt; `promise` needs --promised-by).
    #[arg(long, value_parser = outcome_parser())]
    pub outcome: Option<Outcome>,
    /// What the company answered, as close to verbatim as possible.
    #[arg(long)]
    pub response: Option<String>,
    /// Date the company promised to act by, YYYY-MM-DD (required with --outcome promise; empty to clear).
    #[arg(long, value_name = "DATE")]
    pub promised_by: Option<String>,
    /// A direct demand that the company comply (restarts PROFECO's one-year clock).
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub formal_demand: Option<bool>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Case id.
    pub case: String,
    #[command(flatten)]
    pub fields: AttemptFields,
}

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// Case id.
    pub case: String,
    /// The file to keep as evidence (copied into the data folder).
    pub file: PathBuf,
    /// Attach to this attempt of the case instead of the case as a whole.
    #[arg(long)]
    pub attempt: Option<String>,
    /// What the file shows.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Attach it even if the case already has a file with the same bytes.
    #[arg(long)]
    pub allow_duplicate: bool,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// Case id.
    pub case: String,
    /// The evidence: its id or its file's SHA-256, or a unique prefix of either.
    pub evidence: String,
    /// Why it is withdrawn (kept with the revision).
    #[arg(long)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct ReviseAttempt {
    /// Attempt id (full).
    pub id: String,
    /// Why the record is corrected (kept with the revision).
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub fields: AttemptFields,
}

#[derive(Debug, Args)]
pub struct ReviseCase {
    pub id: String,
    /// Why the record is corrected (kept with the revision).
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub fields: CaseFields,
}

#[derive(Debug, Args)]
pub struct ReviseCompany {
    pub id: String,
    /// Why the record is corrected (kept with the revision).
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub fields: CompanyFields,
}

#[derive(Debug, Args)]
pub struct ReviseClaimant {
    pub id: String,
    /// Why the record is corrected (kept with the revision).
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub fields: ClaimantFields,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Case id.
    pub case: String,
    /// Compute as of this instant (RFC 3339 with offset). Default: now.
    #[arg(long, value_name = "DATETIME")]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Case to verify; without it, every chain in the store.
    pub case: Option<String>,
    /// A PDF dossier to check from the file alone: the case data it embeds (hash chain),
    /// its evidence files, its metadata and every page, re-rendered and compared. When the
    /// data folder has the case, also says whether the case changed since.
    #[arg(long, value_name = "FILE.pdf")]
    pub dossier: Option<PathBuf>,
    /// The store's case to compare the dossier with (or give it as the first argument);
    /// the dossier's own case when omitted.
    #[arg(long = "case", id = "case_flag", value_name = "ID")]
    pub case_flag: Option<String>,
    /// Also compare the dossier with an exported case (JSON) instead of the store.
    #[arg(long, value_name = "CASE.json", requires = "dossier")]
    pub export: Option<PathBuf>,
    /// Skip re-hashing the evidence files (only check that each is there).
    #[arg(long)]
    pub quick: bool,
    /// Trust the dossier's timestamp only if its TSA chains to a certificate in this PEM
    /// file (repeatable). Default: a token that verifies against its own certificate.
    #[arg(long = "tsa-ca", value_name = "FILE.pem", requires = "dossier")]
    pub tsa_ca: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Case id.
    pub case: String,
    /// Where to write the JSON export (`-` for stdout). Written as `export CASE --json FILE`.
    #[arg(value_name = "FILE", required_unless_present_any = ["pdf", "csv"])]
    pub file: Option<PathBuf>,
    /// Where to write the chronology as CSV (one row per attempt, for spreadsheets).
    #[arg(long, value_name = "FILE.csv")]
    pub csv: Option<PathBuf>,
    /// Where to write the PDF dossier.
    #[arg(long, value_name = "FILE.pdf")]
    pub pdf: Option<PathBuf>,
    /// Paper size of the PDF dossier.
    #[arg(long, value_parser = ["a4", "letter"], default_value = "a4")]
    pub paper: String,
    /// Leave evidence files over this many MiB out of the PDF (they are listed with their
    /// SHA-256). Default: every file goes inside.
    #[arg(long, value_name = "MB")]
    pub embed_limit_mb: Option<u64>,
    /// Test hook, not for users: the generation time of the dossier (RFC 3339 with offset).
    /// Refused if earlier than the case's last record or later than now.
    #[arg(long, value_name = "DATETIME", hide = true)]
    pub generated_at: Option<String>,
    #[command(flatten)]
    pub tsa: TsaArgs,
}

/// Which time-stamping authorities to ask. Nothing is sent anywhere without `--tsa`; what
/// is sent is a SHA-256 hash of the PDF and a random nonce, never content.
#[derive(Debug, Args, Default)]
pub struct TsaArgs {
    /// Stamp the PDF with an RFC 3161 document timestamp from this time-stamping
    /// authority (http:// URL; repeat for fallbacks: the first that answers well wins).
    /// Only a SHA-256 hash and a nonce are sent.
    #[arg(long = "tsa", value_name = "URL")]
    pub tsa: Vec<String>,
    /// How long each TSA may take to answer, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub tsa_timeout: f64,
    /// Trust only TSAs whose certificate chains to one in this PEM file (repeatable).
    /// Default: any TSA whose token verifies against its own certificate.
    #[arg(long = "tsa-ca", value_name = "FILE.pem")]
    pub tsa_ca: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StampArgs {
    /// The dossier PDF to stamp (rewritten in place, whole or not at all, unless --out).
    pub file: PathBuf,
    /// Write the stamped PDF here instead.
    #[arg(long, value_name = "FILE.pdf")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub tsa: TsaArgs,
}

fn channel_parser() -> impl TypedValueParser<Value = Channel> {
    PossibleValuesParser::new(Channel::ALL.map(Channel::as_str)).try_map(|s| {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown channel {s}"))
    })
}

fn outcome_parser() -> impl TypedValueParser<Value = Outcome> {
    PossibleValuesParser::new(Outcome::ALL.map(Outcome::as_str)).try_map(|s| {
        Outcome::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown outcome {s}"))
    })
}

fn status_parser() -> impl TypedValueParser<Value = CaseStatus> {
    PossibleValuesParser::new(CaseStatus::ALL.map(CaseStatus::as_str)).try_map(|s| {
        CaseStatus::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown status {s}"))
    })
}

const DIRECTIONS: [Direction; 2] = [Direction::ToCompany, Direction::FromCompany];

fn direction_parser() -> impl TypedValueParser<Value = Direction> {
    PossibleValuesParser::new(DIRECTIONS.map(Direction::as_str)).try_map(|s| {
        DIRECTIONS
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown direction {s}"))
    })
}

pub(crate) fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(["es", "en"]).try_map(|s| match s.as_str() {
        "es" => Ok(Lang::Es),
        "en" => Ok(Lang::En),
        _ => Err(format!("unknown language {s}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn export_json_is_the_global_flag_then_the_file() {
        let cli = Cli::try_parse_from(["x", "export", "abc", "--json", "out.json"]).unwrap();
        assert!(cli.json);
        match cli.command {
            Command::Export(e) => assert_eq!(e.file, Some(PathBuf::from("out.json"))),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn formal_demand_flag_takes_an_optional_bool() {
        let cli = Cli::try_parse_from(["x", "log", "c", "--formal-demand"]).unwrap();
        let Command::Log(l) = cli.command else {
            panic!()
        };
        assert_eq!(l.fields.formal_demand, Some(true));
        let cli = Cli::try_parse_from([
            "x",
            "revise",
            "attempt",
            "a",
            "--reason",
            "r",
            "--formal-demand=false",
        ])
        .unwrap();
        let Command::Revise(ReviseCmd::Attempt(r)) = cli.command else {
            panic!()
        };
        assert_eq!(r.fields.formal_demand, Some(false));
    }
}
