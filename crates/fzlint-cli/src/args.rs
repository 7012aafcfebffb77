//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use fzlint_core::Severity;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "fzlint",
    version,
    about = "法治政府建设年度报告等政府报告的检查工具 / A linter for Chinese government reports",
    after_help = "Without a subcommand, `fzlint PATHS…` runs `fzlint check PATHS…`.\nExit codes: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage, configuration, pack or input errors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per run: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders (folders are walked for .txt, .md, .html, .docx, .odt, .pdf and .ofd files).
    Check(CheckArgs),
    /// List the active rules (filter by pack, rule id prefix or kind).
    Rules(RulesArgs),
    /// Everything about one rule: message, help, source, kind, fields and its examples run.
    Explain(ExplainArgs),
    /// Run every rule's bad and good examples: the packs' own tests.
    TestRules(TestRulesArgs),
    /// Print the JSON Schema of rule packs or lint.toml, or the reference of rule kinds.
    Schema(SchemaArgs),
    /// Write a starter lint.toml and rule pack into a folder.
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Apply the safe automatic fixes (half-width punctuation, certain typos) to .txt and .md
    /// files; .docx and .html are never written.
    Fix(FixArgs),
}

#[derive(Debug, Args)]
pub struct Setup {
    /// Configuration file for every file (default: for each file, the nearest lint.toml in
    /// its folder or above).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any lint.toml: use the embedded default packs (plus --pack).
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Add a rule pack for this run (repeatable).
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// compiler-style diagnostics (miette)
    Human,
    /// one line per finding: path:line:column: severity[rule] message
    Concise,
    /// one JSON document
    Json,
    /// SARIF 2.1.0 (code scanning)
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// JUnit XML, one test case per file
    Junit,
    /// one self-contained HTML page: overview, required parts, each report highlighted
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortBy {
    /// line and column order
    Position,
    /// serious, then errors, warnings, infos; by position within each
    Severity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Info,
}

impl From<FailLevel> for Severity {
    fn from(l: FailLevel) -> Severity {
        match l {
            FailLevel::Error => Severity::Error,
            FailLevel::Warning => Severity::Warning,
            FailLevel::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads one document from standard input.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// With `-`: the name the document is shown under, which also gives its format (by the
    /// extension) and its lint.toml (the nearest above it). Default: text, shown as `<stdin>`.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Exit 1 when a finding is at or above this level (default: lint.toml's fail-on, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailLevel>,
    /// Colours and box drawing in human output (auto: only on a terminal without NO_COLOR).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Report files that cannot be read, but do not exit 2 for them.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Print only findings at or above the fail level, and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// After the findings, count them per rule and per file.
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (written atomically) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Only these rules (ids or pack names; repeatable or comma-separated), on top of
    /// lint.toml.
    #[arg(long, value_name = "RULE|PACK", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these rules (ids or pack names; repeatable or comma-separated).
    #[arg(long, value_name = "RULE|PACK", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Order of a file's findings: by position (default) or most serious first.
    #[arg(long, value_enum, default_value_t = SortBy::Position)]
    pub sort: SortBy,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// SARIF: the rule reference that each rule's helpUri points into (`URL#ruleid`), e.g.
    /// your intranet copy of `fzlint rules --format markdown`. Default: docs/rules.md of this
    /// fzlint release for built-in rules, and no link for rules of your own packs.
    #[arg(long, value_name = "URL", value_parser = absolute_url)]
    pub rules_url: Option<String>,
    /// Exit 0 when the paths hold no document to check (default: that is an error, exit 2, so
    /// that a CI gate over an emptied or misnamed folder does not pass).
    #[arg(long)]
    pub allow_no_files: bool,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Do not honour .gitignore, .ignore and git's exclude files when walking folders.
    #[arg(long)]
    pub no_ignore: bool,
    /// Walk into hidden files and folders too.
    #[arg(long)]
    pub hidden: bool,
}

impl WalkArgs {
    pub fn walk(&self) -> crate::discover::Walk {
        crate::discover::Walk {
            no_ignore: self.no_ignore,
            hidden: self.hidden,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    /// The rule reference, as in docs/rules.md.
    Markdown,
    /// Every phrase the selected rules search for, one per line (for `rg -F -f` comparisons).
    Phrases,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Only rules of these packs, or whose id starts with one of these (`typo`,
    /// `annual-report/has-`).
    #[arg(value_name = "PACK|ID-PREFIX")]
    pub select: Vec<String>,
    /// Only rules of this kind (repeatable).
    #[arg(long, value_name = "KIND")]
    pub kind: Vec<String>,
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule id, `pack/name`.
    #[arg(value_name = "RULE")]
    pub rule: String,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// Pack files or folders, or built-in pack names (default: the packs of this project's
    /// lint.toml, else the embedded default packs).
    #[arg(value_name = "PACK")]
    pub pack_args: Vec<String>,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// JSON Schema of a rule pack file
    Pack,
    /// JSON Schema of lint.toml
    Config,
    /// The reference of rule kinds and their fields, as in docs/kinds.md (Markdown)
    Kinds,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[arg(value_enum)]
    pub what: SchemaKind,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write lint.toml and packs/local.toml into.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Read text files in this encoding (utf-8, gb18030, gbk, utf-16le, utf-16be) instead of
    /// detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Refuse files larger than this many MB (default: lint.toml's max-file-size, else 50).
    #[arg(long, value_name = "MB")]
    pub max_file_size: Option<u64>,
    /// Report at most N findings per file (the most serious first); the rest are counted in
    /// one closing finding.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_findings: usize,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files and folders to fix (required: fix writes files, so it never picks a folder by
    /// itself; `.` for this one).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Show the changes as a diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// An absolute URL (`scheme:` then more), as SARIF requires of helpUri; characters outside
/// ASCII are percent-encoded (an IRI made a URI).
fn absolute_url(s: &str) -> Result<String, String> {
    match s.split_once(':') {
        Some((scheme, rest))
            if !rest.is_empty()
                && scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !s.contains(char::is_whitespace) =>
        {
            let mut uri = String::with_capacity(s.len());
            for c in s.trim_end_matches('#').chars() {
                if c.is_ascii() {
                    uri.push(c);
                } else {
                    let mut buf = [0; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        uri.push_str(&format!("%{b:02X}"));
                    }
                }
            }
            Ok(uri)
        }
        _ => Err("需要完整的网址，例如 https://intranet.example/fzlint/rules.html".to_string()),
    }
}
