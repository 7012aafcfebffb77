//! The `fzlint` binary: everything is in [`fzlint_cli::run`].

fn main() {
    let terminal = fzlint_cli::Terminal::detect();
    let code = fzlint_cli::run(
        std::env::args_os(),
        terminal,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
