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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and folders (folders are walked for .txt and .md files).
    Check(CheckArgs),
    /// List the active rules.
    Rules(RulesArgs),
}

#[derive(Debug, Args)]
pub struct Setup {
    /// Configuration file (default: the nearest lint.toml in this folder or above).
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
    Human,
    Json,
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
    /// Files and folders to check.
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,
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
    /// Read text files in this encoding (utf-8, gb18030, gbk, utf-16le, utf-16be) instead of
    /// detecting it.
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Refuse files larger than this many MB (default: lint.toml's max-file-size, else 50).
    #[arg(long, value_name = "MB")]
    pub max_file_size: Option<u64>,
    /// Report files that cannot be read, but do not exit 2 for them.
    #[arg(long)]
    pub skip_unreadable: bool,
    #[command(flatten)]
    pub setup: Setup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
    /// The rule reference, as in docs/rules.md.
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    pub format: RulesFormat,
    #[command(flatten)]
    pub setup: Setup,
}
