//! From lint.toml and --pack to a compiled [`Linter`] and the per-file rule selection.

use crate::args::Setup;
use fzlint_core::{builtin, Config, Linter, Pack, PackError, PackRef, Resolved};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Everything a run needs that does not depend on the documents.
pub struct Session {
    pub linter: Linter,
    pub resolved: Resolved,
    /// Globs in lint.toml are relative to this folder.
    pub base_dir: PathBuf,
    pub config_path: Option<PathBuf>,
}

/// What can stop a run before any document is read.
pub enum SetupError {
    Pack(PackError),
    Other(String),
}

impl From<PackError> for SetupError {
    fn from(e: PackError) -> Self {
        SetupError::Pack(e)
    }
}

/// The nearest `lint.toml` in `start` or a folder above it.
fn find_config(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|d| d.join("lint.toml"))
        .find(|p| p.is_file())
}

fn read_text(path: &Path) -> Result<String, PackError> {
    fzlint_core::source::read_settings_file(path, fzlint_core::source::MAX_SETTINGS_BYTES)
        .map_err(|e| PackError::whole_file(path.display().to_string(), format!("无法读取：{e}")))
}

/// The session of the working folder: `--config`, or no lint.toml with `--no-config`, or the
/// nearest lint.toml in the working folder or above.
pub fn build(setup: &Setup) -> Result<Session, SetupError> {
    let cwd = std::env::current_dir().map_err(|e| SetupError::Other(e.to_string()))?;
    let config_path = match (&setup.config, setup.no_config) {
        (Some(p), _) => {
            if !p.is_file() {
                return Err(SetupError::Other(format!(
                    "配置文件不存在 / config file not found: {}",
                    p.display()
                )));
            }
            Some(p.clone())
        }
        (None, true) => None,
        (None, false) => find_config(&cwd),
    };
    build_with(setup, config_path)
}

/// The configuration each checked file is under: the nearest lint.toml in the file's folder or
/// above (as ruff and ESLint find theirs), so that `fzlint check sub/dir` uses
/// `sub/dir/lint.toml` wherever it is run from; a file under no lint.toml gets the defaults.
/// With `--config` or `--no-config` every file gets that one. Each lint.toml is loaded once.
pub struct Sessions {
    sessions: Vec<Session>,
    by_config: HashMap<Option<PathBuf>, usize>,
    /// Folder → its nearest lint.toml, so that a folder of reports is looked up once.
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    /// `--config` or `--no-config`: one session for everything.
    fixed: bool,
}

impl Sessions {
    /// Starts with the working folder's session, which also gives the run's own settings
    /// (fail-on, encoding, file size, SARIF's rule list).
    pub fn new(setup: &Setup) -> Result<Sessions, SetupError> {
        let main = build(setup)?;
        let key = main
            .config_path
            .as_ref()
            .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()));
        Ok(Sessions {
            sessions: vec![main],
            by_config: HashMap::from([(key, 0)]),
            by_dir: HashMap::new(),
            fixed: setup.config.is_some() || setup.no_config,
        })
    }

    pub fn main(&self) -> &Session {
        &self.sessions[0]
    }

    pub fn get(&self, i: usize) -> &Session {
        &self.sessions[i]
    }

    /// The session for the file or folder `path`, loading its lint.toml the first time.
    pub fn index_for(&mut self, setup: &Setup, path: &Path) -> Result<usize, SetupError> {
        if self.fixed {
            return Ok(0);
        }
        let dir = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf()
        };
        let config = match self.by_dir.get(&dir) {
            Some(c) => c.clone(),
            None => {
                let c = find_config(&dir);
                self.by_dir.insert(dir, c.clone());
                c
            }
        };
        if let Some(&i) = self.by_config.get(&config) {
            return Ok(i);
        }
        let session = build_with(setup, config.clone())?;
        self.sessions.push(session);
        self.by_config.insert(config, self.sessions.len() - 1);
        Ok(self.sessions.len() - 1)
    }
}

fn build_with(setup: &Setup, config_path: Option<PathBuf>) -> Result<Session, SetupError> {
    let cwd = std::env::current_dir().map_err(|e| SetupError::Other(e.to_string()))?;
    let (config, base_dir) = match &config_path {
        Some(p) => {
            let shown = display_path(p, &cwd);
            let config = Config::parse(&shown, &read_text(p)?)?;
            let dir = p
                .canonicalize()
                .ok()
                .and_then(|c| c.parent().map(Path::to_path_buf))
                .unwrap_or_else(|| cwd.clone());
            (Some(config), dir)
        }
        None => (None, cwd.clone()),
    };

    // Load each referenced pack once; remember which pack names each reference stands for.
    let mut packs: Vec<Pack> = Vec::new();
    let mut names: HashMap<String, Vec<String>> = HashMap::new();
    let refs = config.as_ref().map_or_else(
        || vec![PackRef::Builtin(builtin::DEFAULT.into())],
        Config::pack_refs,
    );
    for r in refs {
        let key = match &r {
            PackRef::Builtin(n) | PackRef::Path(n) => n.clone(),
        };
        if names.contains_key(&key) {
            continue;
        }
        let loaded: Vec<Pack> = match &r {
            PackRef::Builtin(n) if n == builtin::DEFAULT => builtin::load_all()?,
            // An unknown name is reported by `resolve`, at its place in lint.toml.
            PackRef::Builtin(n) => builtin::load(n).transpose()?.into_iter().collect(),
            PackRef::Path(p) => {
                let path = base_dir.join(p);
                vec![fzlint_core::pack::load_path(
                    &path,
                    &display_path(&path, &cwd),
                )?]
            }
        };
        let mut these = Vec::new();
        for pack in loaded {
            these.push(pack.name.clone());
            if !packs.iter().any(|p| p.name == pack.name) {
                packs.push(pack);
            }
        }
        // An unknown built-in name stays unmapped, so that `resolve` reports it.
        if !these.is_empty() {
            names.insert(key, these);
        }
    }
    let mut extra = Vec::new();
    for p in &setup.packs {
        let pack = fzlint_core::pack::load_path(p, &display_path(p, &cwd))?;
        extra.push(pack.name.clone());
        packs.push(pack);
    }

    let linter = Linter::new(packs).map_err(|e| SetupError::Other(e.to_string()))?;
    let mut resolved = match &config {
        Some(c) => c.resolve(&linter, |r| {
            names.get(r).cloned().unwrap_or_else(|| vec![r.to_string()])
        })?,
        None => Resolved::all_packs(&linter),
    };
    resolved.add_packs(
        extra
            .iter()
            .filter_map(|n| linter.packs().iter().position(|p| &p.name == n)),
    );
    Ok(Session {
        linter,
        resolved,
        base_dir,
        config_path,
    })
}

/// A pack named on the command line: a pack file or folder, or a built-in pack's name
/// (`default` for all of them).
pub fn load_pack_arg(arg: &str) -> Result<Vec<Pack>, SetupError> {
    let path = Path::new(arg);
    if path.exists() {
        let cwd = std::env::current_dir().map_err(|e| SetupError::Other(e.to_string()))?;
        return Ok(vec![fzlint_core::pack::load_path(
            path,
            &display_path(path, &cwd),
        )?]);
    }
    let name = arg.strip_prefix("builtin:").unwrap_or(arg);
    if name == builtin::DEFAULT {
        return Ok(builtin::load_all()?);
    }
    match builtin::load(name) {
        Some(pack) => Ok(vec![pack?]),
        None => {
            let names: Vec<&str> = builtin::PACKS.iter().map(|(n, _)| *n).collect();
            Err(SetupError::Other(format!(
                "没有这个规则包 / no pack file, folder or built-in pack `{arg}` (built-in: {})",
                names.join(", ")
            )))
        }
    }
}

/// A path as the user should see it: relative to the working folder when inside it.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let shown = path.strip_prefix(cwd).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

impl Session {
    /// The path lint.toml's globs are matched against: relative to lint.toml's folder.
    pub fn config_relative(&self, path: &Path) -> String {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        abs.strip_prefix(&self.base_dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }
}
