//! `cargo run -p fzlint-accuracy`: recall per fault class and precision per rule of the
//! built-in packs on the annotated material of `tests/accuracy/sets.toml`.
//!
//! Options: `--sets FILE` (default tests/accuracy/sets.toml), `--corpus DIR` (default
//! ../shared/corpus), `--misses` and `--false-alarms` to list them, `--write-ratchet FILE` to
//! record today's figures.

use fzlint_accuracy::{load_sets, measure, Count, Ratchet, SetError, SetFigures};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut sets = PathBuf::from("tests/accuracy/sets.toml");
    let mut corpus = PathBuf::from("../shared/corpus");
    let (mut misses, mut false_alarms) = (false, false);
    let mut write_ratchet: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sets" => sets = args.next().map(PathBuf::from).unwrap_or(sets),
            "--corpus" => corpus = args.next().map(PathBuf::from).unwrap_or(corpus),
            "--misses" => misses = true,
            "--false-alarms" => false_alarms = true,
            "--write-ratchet" => write_ratchet = args.next().map(PathBuf::from),
            "-h" | "--help" => {
                println!("usage: fzlint-accuracy [--sets FILE] [--corpus DIR] [--misses] [--false-alarms] [--write-ratchet FILE]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument `{other}` (see --help)");
                return ExitCode::from(2);
            }
        }
    }
    let loaded = match load_sets(&sets, &corpus) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ready = Vec::new();
    for s in loaded {
        match s {
            Ok(s) => ready.push(s),
            Err(SetError::Missing(p)) => println!("skipped: {} is not there", p.display()),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let linter = match fzlint_core::builtin::load_all()
        .map_err(|e| e.to_string())
        .and_then(|p| fzlint_core::Linter::new(p).map_err(|e| e.to_string()))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let report = match measure(&linter, &ready) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let pct = |c: Count| match c.ratio() {
        Some(r) => format!("{:5.1}%", r * 100.0),
        None => "    -".into(),
    };
    let names: Vec<&str> = ready.iter().map(|s| s.spec.name.as_str()).collect();
    println!(
        "sets: {} · {} documents · {} characters\n",
        names.join(", "),
        report.documents,
        report.characters
    );
    println!("recall per fault class (found / annotated)");
    for (class, c) in &report.recall {
        println!("  {class:<24} {:>4} / {:<4} {}", c.hit, c.of, pct(*c));
    }
    let t = report.total_recall();
    println!("  {:<24} {:>4} / {:<4} {}\n", "all", t.hit, t.of, pct(t));
    println!("precision per rule (right / reported)");
    for (rule, c) in &report.precision {
        println!("  {rule:<36} {:>4} / {:<4} {}", c.hit, c.of, pct(*c));
    }
    let t = report.total_precision();
    println!("  {:<36} {:>4} / {:<4} {}\n", "all", t.hit, t.of, pct(t));
    for (set, c) in &report.clean {
        println!(
            "clean set {set}: {} characters, {} errors, {} warnings ({:.2} per 10,000 characters), {} infos",
            c.characters,
            c.errors,
            c.warnings,
            c.per_10k(c.warnings),
            c.infos
        );
    }
    if misses {
        println!("\nmissed faults");
        for m in &report.misses {
            let a = &m.annotation;
            println!(
                "  {}/{} {}..{} {} (wants {}){}",
                m.set,
                a.file,
                a.start,
                a.end,
                a.class,
                a.rules.join(","),
                if m.others.is_empty() {
                    String::new()
                } else {
                    format!(" — reported as {}", m.others.join(","))
                }
            );
        }
    }
    if false_alarms {
        println!("\nfalse alarms");
        for j in &report.false_alarms {
            let d = &j.diagnostic;
            println!(
                "  {}/{}:{}:{} {} {}",
                j.set, j.file, d.start.line, d.start.column, d.rule, d.message
            );
        }
    }
    if let Some(path) = write_ratchet {
        let mut ratchet = Ratchet::new();
        for set in &ready {
            match measure(&linter, std::slice::from_ref(set)) {
                Ok(r) => {
                    ratchet.insert(set.spec.name.clone(), SetFigures::from_report(&r));
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        let text = toml::to_string(&ratchet).expect("plain maps");
        let header = "# Figures the accuracy test must not fall below (written by fzlint-accuracy --write-ratchet).\n";
        if let Err(e) = std::fs::write(&path, format!("{header}{text}")) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("\nwrote {}", path.display());
    }
    ExitCode::SUCCESS
}
