//! The `fzlint` command: arguments, configuration, file discovery, the parallel run, output
//! and exit codes. [`run`] does everything but touch the process, so tests call it directly.

pub mod args;
pub mod baseline;
pub mod discover;
pub mod explain;
pub mod fix;
pub mod init;
pub mod input;
mod ordered;
pub mod render;
pub mod rule_tests;
pub mod rules;
pub mod setup;
mod write;

use args::{CheckArgs, Cli, Color, Command, Format, ReadArgs};
use clap::Parser;
use fzlint_core::Severity;
use render::{Checked, FileResult, Summary};
use setup::{Session, SetupError};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::path::PathBuf;

/// Exit codes.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// What the process environment says about output.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub no_color: bool,
    /// Columns: `COLUMNS` when set, else the terminal's own width; `None` when not known
    /// (output to a file or a pipe), where human output is cut to 80 columns.
    pub width: Option<usize>,
}

impl Terminal {
    pub fn detect() -> Terminal {
        use std::io::IsTerminal;
        let stdout_is_tty = std::io::stdout().is_terminal();
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|w| *w > 0)
            .or_else(|| {
                stdout_is_tty
                    .then(terminal_size::terminal_size)
                    .flatten()
                    .map(|(w, _)| w.0 as usize)
            });
        Terminal {
            stdout_is_tty,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            width,
        }
    }

    /// The width human output is laid out for.
    pub fn columns(&self) -> usize {
        self.width.unwrap_or(80)
    }
}

const SUBCOMMANDS: &[&str] = &[
    "check",
    "rules",
    "explain",
    "test-rules",
    "schema",
    "init",
    "fix",
    "completions",
    "help",
];

/// `--select` and `--ignore`: rule ids or pack names, applied on top of each file's
/// configuration.
#[derive(Default)]
struct RuleFilter {
    select: Vec<String>,
    ignore: Vec<String>,
    /// `--sort severity`: the most serious findings of a file first.
    by_severity: bool,
}

impl RuleFilter {
    /// Checks every name against the rules and packs `linter` has, with a suggestion for a
    /// misspelt one.
    fn new(
        linter: &fzlint_core::Linter,
        select: &[String],
        ignore: &[String],
    ) -> Result<RuleFilter, SetupError> {
        for name in select.iter().chain(ignore) {
            let known = linter.rules().iter().any(|r| r.id.as_ref() == name)
                || linter.packs().iter().any(|p| p.name == *name);
            if !known {
                let candidates = linter
                    .rules()
                    .iter()
                    .map(|r| r.id.as_ref())
                    .chain(linter.packs().iter().map(|p| p.name.as_str()));
                let hint = fzlint_core::suggest::nearest(name, candidates)
                    .map_or(String::new(), |n| format!("，是不是 `{n}`？"));
                return Err(SetupError::Other(format!(
                    "没有这条规则或规则包 `{name}`{hint} / unknown rule or pack `{name}` (fzlint rules lists them)"
                )));
            }
        }
        Ok(RuleFilter {
            select: select.to_vec(),
            ignore: ignore.to_vec(),
            by_severity: false,
        })
    }

    fn apply(&self, linter: &fzlint_core::Linter, sel: &mut fzlint_core::Selection) {
        if self.select.is_empty() && self.ignore.is_empty() {
            return;
        }
        let names = |r: usize, list: &[String]| {
            let rule = &linter.rules()[r];
            list.iter()
                .any(|n| rule.id.as_ref() == n || linter.pack_of(r).name == *n)
        };
        for (r, s) in sel.rules.iter_mut().enumerate() {
            if (!self.select.is_empty() && !names(r, &self.select)) || names(r, &self.ignore) {
                *s = None;
            }
        }
    }
}

/// Runs fzlint with `args` (the first is the program name) and returns the exit code.
pub fn run(
    args: impl IntoIterator<Item = OsString>,
    terminal: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut args: Vec<OsString> = args.into_iter().collect();
    // `fzlint PATHS…` means `fzlint check PATHS…`; a word that is not a path but close to a
    // subcommand is a typo (`fzlint chek a.txt`), not a missing file.
    if let Some(first) = args.get(1).and_then(|a| a.to_str()) {
        let is_flag_for_top = matches!(first, "-h" | "--help" | "-V" | "--version");
        if !SUBCOMMANDS.contains(&first) && !is_flag_for_top {
            if let Some(meant) = mistyped_subcommand(first) {
                let _ = writeln!(
                    err,
                    "error: 没有子命令 `{first}`，是不是 `{meant}`？ / unrecognized subcommand `{first}`; did you mean `{meant}`?\n用 `fzlint --help` 查看全部子命令"
                );
                return EXIT_ERROR;
            }
            args.insert(1, "check".into());
        }
    } else if args.len() <= 1 {
        // no arguments at all: say what fzlint does rather than check whatever folder this is
        let mut cmd = <Cli as clap::CommandFactory>::command();
        let _ = write!(err, "{}", cmd.render_help());
        return EXIT_ERROR;
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                let _ = write!(err, "{text}");
                EXIT_ERROR
            } else {
                let _ = write!(out, "{text}");
                EXIT_OK
            };
        }
    };
    let result = match cli.command {
        Command::Check(a) => match a.output.clone() {
            // the report goes to the file whole, written atomically at the end
            Some(path) => {
                let mut buffer = Vec::new();
                let result = check(a, terminal, &mut buffer, err);
                match crate::write::atomically(&path, &buffer) {
                    Ok(()) => result,
                    Err(e) => Err(SetupError::Other(format!(
                        "无法写入 {}：{e} / cannot write the report",
                        path.display()
                    ))),
                }
            }
            None => check(a, terminal, out, err),
        },
        Command::Completions(c) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(c.shell, &mut cmd, "fzlint", out);
            Ok(EXIT_OK)
        }
        Command::Fix(a) => fix::run(a, out, err),
        Command::Rules(a) => setup::build(&a.setup).map(|session| {
            let _ = out.write_all(rules::render(&session.linter, &session.resolved, &a).as_bytes());
            EXIT_OK
        }),
        Command::Explain(a) => explain::run(&a, graphical(a.color, terminal), out),
        Command::TestRules(a) => rule_tests::run(&a, graphical(a.color, terminal), out, err),
        Command::Schema(a) => {
            let _ = out.write_all(schema_text(a.what).as_bytes());
            Ok(EXIT_OK)
        }
        Command::Init(a) => init::run(&a, out),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report_setup_error(e, terminal, err);
            EXIT_ERROR
        }
    }
}

/// Colours and box drawing: asked for, or on a terminal without NO_COLOR.
fn graphical(color: Color, terminal: Terminal) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal.stdout_is_tty && !terminal.no_color,
    }
}

/// A miette diagnostic rendered as text, with Unicode and colour or in plain ASCII.
pub(crate) fn miette_text(d: &dyn miette::Diagnostic, graphical: bool) -> String {
    let theme = if graphical {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::none()
    };
    let mut s = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
    if handler.render_report(&mut s, d).is_err() {
        s = format!("{d}\n");
    }
    s
}

fn schema_text(what: args::SchemaKind) -> String {
    use fzlint_core::schema;
    match what {
        args::SchemaKind::Pack => schema::to_json(&schema::pack()),
        args::SchemaKind::Config => schema::to_json(&schema::config()),
        args::SchemaKind::Kinds => schema::kinds_markdown(),
    }
}

fn report_setup_error(e: SetupError, terminal: Terminal, err: &mut dyn Write) {
    match e {
        SetupError::Pack(p) => {
            // The detail's Display is the bare message: the position is in our first line.
            let s = miette_text(&*p, terminal.stdout_is_tty && !terminal.no_color);
            let _ = write!(err, "error: {}:{}:{}\n{s}", p.path, p.line, p.column);
        }
        SetupError::Other(m) => {
            let _ = writeln!(err, "error: {m}");
        }
    }
}

fn check(
    a: CheckArgs,
    terminal: Terminal,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<i32, SetupError> {
    // `-`: one document from standard input, under --stdin-filename's name and lint.toml
    let from_stdin = a.paths.len() == 1 && a.paths[0].as_os_str() == "-";
    let (sessions, found, file_session) = if from_stdin {
        let mut sessions = setup::Sessions::new(&a.setup)?;
        let at = a
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("."));
        let i = sessions.index_for(&a.setup, &at)?;
        let found = discover::Discovered {
            files: vec![PathBuf::from("-")],
            ..Default::default()
        };
        (sessions, found, HashMap::from([(PathBuf::from("-"), i)]))
    } else {
        discover::with_sessions(&a.paths, a.walk.walk(), &a.setup)?
    };
    let session = sessions.main();
    let mut filter = RuleFilter::new(&session.linter, &a.select, &a.ignore)?;
    filter.by_severity = a.sort == args::SortBy::Severity;
    for m in &found.missing {
        let _ = writeln!(
            err,
            "error: {}：文件或目录不存在 / no such file or directory",
            m.display()
        );
    }
    let skipped = found.skipped_note();
    if let Some(note) = &skipped {
        if !a.quiet {
            let _ = writeln!(err, "warning: {note}");
        }
    }
    if found.files.is_empty() && found.missing.is_empty() && !a.allow_no_files {
        let _ = writeln!(
            err,
            "error: 没有找到可检查的文件（.txt .md .html .docx .odt .pdf .ofd）{}；检查空文件夹也算通过请加 --allow-no-files / no documents to check",
            if skipped.is_some() { "，见上面跳过的文件" } else { "" }
        );
        return Ok(EXIT_ERROR);
    }
    // more threads than cores × 4 only thrash the machine
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match a.threads.unwrap_or(0) {
        n if n > cores * 4 => {
            let _ = writeln!(
                err,
                "warning: --threads {n} 超过核数×4，按 {} 个运行 / clamped to {} (cores × 4)",
                cores * 4,
                cores * 4
            );
            cores * 4
        }
        n => n,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| SetupError::Other(format!("cannot start worker threads: {e}")))?;
    let mut read_options = read_options(&a.read, session)?;
    if from_stdin {
        read_options.stdin = Some(input::read_stdin(read_options.max_bytes)?);
        read_options.stdin_name = a
            .stdin_filename
            .as_ref()
            .map(|p| setup::display_path(p, &std::env::current_dir().unwrap_or_default()));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let fail_on: Severity = a.fail_on.map_or(session.resolved.fail_on, Severity::from);
    let mut known = a
        .baseline
        .as_deref()
        .map(baseline::Known::load)
        .transpose()
        .map_err(SetupError::Other)?;
    let style = render::human::Style {
        graphical: graphical(a.color, terminal),
        width: terminal.columns(),
    };
    let mut reporter: Box<dyn render::Reporter + '_> = match a.format {
        Format::Human | Format::Concise | Format::Github => Box::new(render::PerFile {
            format: a.format,
            style: &style,
            summary_line: matches!(a.format, Format::Human | Format::Concise) && !a.quiet,
        }),
        Format::Json => Box::new(render::json::JsonStream::default()),
        Format::Sarif => {
            let mut o = String::new();
            let stream =
                render::sarif::Stream::start(&session.linter, a.rules_url.as_deref(), &mut o);
            if a.write_baseline.is_none() {
                let _ = out.write_all(o.as_bytes());
            }
            Box::new(stream)
        }
        Format::Junit => Box::new(render::Junit {
            collector: render::junit::Collector::default(),
            fail_on,
        }),
        Format::Html => Box::new(render::html::HtmlReport::new(&session.linter)),
    };
    // What a file prints depends on earlier files only through a baseline (each entry
    // matches once); otherwise the workers render, and the calling thread only writes.
    let render_in_workers = known.is_none() && a.write_baseline.is_none();
    let want_parts = a.format == Format::Html;
    let quiet = |r: &mut FileResult| {
        if a.quiet {
            if let Ok(c) = &mut r.outcome {
                c.diagnostics.retain(|d| d.severity >= fail_on);
            }
        }
    };

    let few_files = found.files.len() < pool.current_num_threads();
    let mut summary = Summary::default();
    let mut statistics = render::Statistics::default();
    let mut recorder = baseline::Recorder::new(
        a.write_baseline
            .as_deref()
            .unwrap_or(std::path::Path::new(".")),
    );
    if a.write_baseline.is_none() {
        let mut o = String::new();
        reporter.start(&mut o);
        let _ = out.write_all(o.as_bytes());
    }
    let (mut hidden, mut failing) = (0, false);
    ordered::for_each(
        &pool,
        &found.files,
        |p| {
            let mut r = check_file(
                sessions.get(file_session.get(p).copied().unwrap_or(0)),
                &filter,
                &read_options,
                p,
                &match (&read_options.stdin_name, p.as_os_str() == "-") {
                    (Some(name), true) => name.clone(),
                    (None, true) => "<stdin>".to_string(),
                    _ => setup::display_path(p, &cwd),
                },
                few_files,
                want_parts,
            );
            let rendered = render_in_workers
                .then(|| {
                    quiet(&mut r);
                    render::render_in_worker(a.format, &style, &r)
                })
                .flatten();
            (r, rendered)
        },
        |(mut r, rendered)| {
            if a.write_baseline.is_some() {
                recorder.add(&r);
                return;
            }
            if let Some(k) = &mut known {
                hidden += k.filter(&mut r);
            }
            if rendered.is_none() {
                quiet(&mut r); // the workers did it for the files they rendered
            }
            summary.add(&r);
            if a.statistics {
                statistics.add(&r);
            }
            failing |= r
                .outcome
                .as_ref()
                .is_ok_and(|c| c.diagnostics.iter().any(|d| d.severity >= fail_on));
            let (mut o, mut e) = (String::new(), String::new());
            reporter.file(&r, rendered, &mut o, &mut e);
            let _ = err.write_all(e.as_bytes());
            let _ = out.write_all(o.as_bytes());
        },
    );

    if let Some(path) = &a.write_baseline {
        let n = recorder.write(path).map_err(SetupError::Other)?;
        let _ = writeln!(
            err,
            "基线已写入 {}:{n} 条 / baseline written",
            path.display()
        );
        return Ok(EXIT_OK);
    }
    if hidden > 0 && matches!(a.format, Format::Human | Format::Concise) && !a.quiet {
        let _ = writeln!(
            err,
            "基线中已有的 {hidden} 个问题未显示 / {hidden} known findings hidden"
        );
    }
    // a baseline that hides nothing while there are findings is likely the wrong one
    if let (Some(k), Some(path)) = (&known, &a.baseline) {
        let shown = summary.serious + summary.errors + summary.warnings + summary.infos;
        if hidden == 0 && k.total > 0 && shown > 0 {
            let _ = writeln!(
                err,
                "warning: 基线 {} 的 {} 条记录一条也没有匹配上（检查的文件或基线的位置变了？） / the baseline matched nothing",
                path.display(),
                k.total
            );
        }
    }
    let mut o = String::new();
    reporter.finish(&summary, &mut o);
    if a.statistics {
        let stats = statistics.render();
        if matches!(a.format, Format::Human | Format::Concise) {
            o.push_str(&stats);
        } else {
            let _ = err.write_all(stats.as_bytes());
        }
    }
    let _ = out.write_all(o.as_bytes());
    let _ = out.flush();

    if (summary.failed > 0 && !a.skip_unreadable) || !found.missing.is_empty() {
        return Ok(EXIT_ERROR);
    }
    let too_many_warnings = a.max_warnings.is_some_and(|max| summary.warnings > max);
    Ok(if failing || too_many_warnings {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// How files are read: --encoding and --max-file-size, else lint.toml, else the defaults.
pub(crate) fn read_options(
    a: &ReadArgs,
    session: &Session,
) -> Result<input::ReadOptions, SetupError> {
    let name = a.encoding.as_ref().or(session.resolved.encoding.as_ref());
    let encoding = match name {
        None => None,
        Some(name) => Some(fzlint_formats::encoding_for(name).ok_or_else(|| {
            SetupError::Other(format!(
                "未知编码 / unknown encoding `{name}` (utf-8, gb18030, gbk, utf-16le, utf-16be)"
            ))
        })?),
    };
    let max_mb = a
        .max_file_size
        .or(session.resolved.max_file_size_mb)
        .unwrap_or(input::DEFAULT_MAX_FILE_MB);
    Ok(input::ReadOptions {
        formats: fzlint_formats::Options {
            encoding,
            // the same limit for the text a .docx or page yields as for the file itself
            max_text_bytes: usize::try_from(max_mb.saturating_mul(1024 * 1024))
                .unwrap_or(usize::MAX),
        },
        max_bytes: max_mb.saturating_mul(1024 * 1024),
        max_findings: a.max_findings.max(1),
        stdin: None,
        stdin_name: None,
    })
}

/// Keeps at most `max` findings of a file, the most serious first (then in order of
/// position), and says how many more there were: a pathological file (a page of 布署) must
/// not produce gigabytes of output.
/// `left_out` are those the engine already left out (it keeps `max` per rule).
fn cap_findings(
    mut diagnostics: Vec<fzlint_core::Diagnostic>,
    left_out: usize,
    max: usize,
    doc: &fzlint_core::Document,
) -> Vec<fzlint_core::Diagnostic> {
    if diagnostics.len() <= max && left_out == 0 {
        return diagnostics;
    }
    let more = diagnostics.len().saturating_sub(max) + left_out;
    if diagnostics.len() > max {
        diagnostics.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.span.cmp(&b.span)));
        diagnostics.truncate(max);
        diagnostics.sort_by(|a, b| a.span.cmp(&b.span).then(a.rule.cmp(&b.rule)));
    }
    let end = doc.text().len();
    let span = fzlint_core::Span::new(end, end);
    diagnostics.push(fzlint_core::Diagnostic {
        rule: std::sync::Arc::from("fzlint/too-many-findings"),
        severity: Severity::Info,
        message: format!("还有 {more} 条发现没有显示（每个文件最多 {max} 条）"),
        help: Some("用 --max-findings 调整上限；先改正上面的问题再检查".into()),
        source: None,
        span,
        start: doc.position(end),
        end: doc.end_position(end),
        text: String::new(),
        fix: None,
        related: Vec::new(),
        place: None,
    });
    diagnostics
}

/// A warning for each part of the file the reader could not read (a .docx altChunk in RTF):
/// text that was not checked must not pass as checked.
fn unread_findings(doc: &fzlint_core::Document) -> Vec<fzlint_core::Diagnostic> {
    doc.unread()
        .iter()
        .map(|u| {
            let span = fzlint_core::Span::new(u.offset, u.offset);
            fzlint_core::Diagnostic {
                rule: std::sync::Arc::from("fzlint/unread-content"),
                severity: Severity::Warning,
                message: u.what.clone(),
                help: Some("在 Word 中打开后另存为 .docx（嵌入内容会转为正文），再检查一次".into()),
                source: None,
                span,
                start: doc.position(u.offset),
                end: doc.end_position(u.offset),
                text: String::new(),
                fix: None,
                related: Vec::new(),
                place: doc.place(u.offset),
            }
        })
        .collect()
}

/// The subcommand `word` is probably a typo of, when it is not a path on disk and is within
/// two edits of one (chek → check, rule → rules).
fn mistyped_subcommand(word: &str) -> Option<&'static str> {
    if word.starts_with('-')
        || std::path::Path::new(word).exists()
        || word.contains(['.', '/', '\\'])
    {
        return None;
    }
    let distance = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.iter().enumerate() {
            let mut prev = row[0];
            row[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let here = row[j + 1];
                row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
                prev = here;
            }
        }
        row[b.len()]
    };
    SUBCOMMANDS
        .iter()
        .map(|s| (distance(word, s), *s))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, s)| s)
}

/// Reads and checks one file. A panic in a rule is caught and reported for this file alone.
/// With `few_files` (fewer files than threads) the file's rules run in parallel instead.
fn check_file(
    session: &Session,
    filter: &RuleFilter,
    options: &input::ReadOptions,
    path: &Path,
    shown: &str,
    few_files: bool,
    want_parts: bool,
) -> FileResult {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // Lets the tests prove that a panic while checking one file is reported for that
        // file and the run goes on. Not in release builds.
        #[cfg(debug_assertions)]
        if std::env::var("FZLINT_TEST_PANIC_ON").is_ok_and(|m| !m.is_empty() && shown.contains(&m))
        {
            panic!("test panic while checking {shown}");
        }
        let document = match &options.stdin {
            Some(bytes) if path.as_os_str() == "-" => {
                // the format from --stdin-filename's extension, else plain text
                let name = options.stdin_name.as_deref().unwrap_or("stdin.txt");
                input::document_from_bytes(name, bytes, options)?
            }
            _ => input::read_document(path, shown, options)?,
        };
        let mut selection = session
            .resolved
            .selection(&session.linter, &session.config_relative(path));
        filter.apply(&session.linter, &mut selection);
        let (diagnostics, left_out) =
            session
                .linter
                .check_capped(&document, &selection, options.max_findings, few_files);
        let mut diagnostics = cap_findings(diagnostics, left_out, options.max_findings, &document);
        diagnostics.extend(unread_findings(&document));
        if filter.by_severity {
            // stable: by position within each severity
            diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
        }
        let parts = if want_parts {
            session
                .linter
                .parts(&document, &selection)
                .into_iter()
                .map(|(_, name, status)| (name, status))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Checked {
            document,
            diagnostics,
            parts,
        })
    }))
    .unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("内部错误 / internal error while checking: {what}"))
    });
    FileResult {
        path: shown.to_string(),
        outcome,
    }
}
