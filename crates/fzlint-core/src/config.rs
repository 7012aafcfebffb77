//! `lint.toml`: which packs run, which rules are off or at another severity, per-glob
//! overrides, the fail level and excluded paths.
//!
//! ```toml
//! packs = ["default"]            # built-in names ("default" = all), or paths to .toml packs
//! fail-on = "error"              # exit 1 when a finding is at or above this
//! exclude = ["archive/**"]       # paths not to walk into
//! include = ["**/*报告*"]         # if given, only walked files matching these are checked
//! encoding = "gb18030"           # read text files in this encoding instead of detecting it
//! max-file-size = 50             # MB; larger files are refused
//! disable = ["vague"]            # a pack name or a rule id
//! [severity]
//! "typo/usage" = "warning"
//!
//! [[override]]
//! files = ["departments/**"]     # globs, relative to the directory of lint.toml
//! packs = ["annual-report"]      # on for these files whatever their title says
//! disable = ["vague/hedge"]
//! severity = { "template/moumou" = "error" }
//! ```

use crate::diagnostic::Severity;
use crate::engine::{Linter, PackUse, Selection};
use crate::pack::{PackError, SpecError};
use crate::source::SourceFile;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// lint.toml: which packs run on which files, at which severity.
#[derive(Debug, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "fzlint lint.toml")]
pub(crate) struct RawConfig {
    /// Packs to run: built-in names ("default" for all of them, "typo", "annual-report", …)
    /// or pack files and folders relative to lint.toml. Default: ["default"].
    #[schemars(with = "Option<Vec<String>>")]
    packs: Option<Vec<Spanned<String>>>,
    /// Exit 1 when a finding is at or above this level (default: error).
    fail_on: Option<Severity>,
    /// Globs of files and folders not to check.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    exclude: Vec<Spanned<String>>,
    /// Globs of files to check when a folder is walked (default: every supported type).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    include: Vec<Spanned<String>>,
    /// Encoding of text files: utf-8, gb18030, gbk, utf-16le, utf-16be (default: detected).
    encoding: Option<String>,
    /// Refuse files larger than this many MB (default 50).
    max_file_size: Option<u64>,
    /// Rules or packs to turn off.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    disable: Vec<Spanned<String>>,
    /// New severities for rules or whole packs: `{ "vague/boilerplate" = "info" }`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<Spanned<String>, Severity>,
    /// Settings for the files that match globs; later overrides win.
    #[serde(default, rename = "override")]
    overrides: Vec<RawOverride>,
}

/// Settings for some files.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "override")]
struct RawOverride {
    /// Globs, relative to lint.toml, of the files this applies to.
    #[schemars(with = "Vec<String>")]
    files: Vec<Spanned<String>>,
    /// Packs to run on these files as well (forced on, whatever their applies-to says).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    packs: Vec<Spanned<String>>,
    /// Rules or packs to turn off for these files.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    disable: Vec<Spanned<String>>,
    /// New severities for these files.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<Spanned<String>, Severity>,
}

/// A pack as lint.toml names it: a built-in by name or a file by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackRef {
    Builtin(String),
    Path(String),
}

impl PackRef {
    pub fn parse(s: &str) -> PackRef {
        if s.ends_with(".toml") || s.contains('/') || s.contains('\\') {
            PackRef::Path(s.to_string())
        } else {
            PackRef::Builtin(s.to_string())
        }
    }
}

/// A parsed lint.toml, not yet checked against the loaded rules.
#[derive(Debug, Default)]
pub struct Config {
    source: Option<SourceFile>,
    raw: RawConfig,
}

/// Rule settings of the top level or of one override, checked against the linter.
#[derive(Debug, Clone, Default)]
struct Settings {
    packs: Vec<usize>,
    disable: Vec<Target>,
    severity: Vec<(Target, Severity)>,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Pack(usize),
    Rule(usize),
}

/// lint.toml resolved against a [`Linter`]: gives the [`Selection`] for each path.
#[derive(Debug)]
pub struct Resolved {
    base: Settings,
    overrides: Vec<(GlobSet, Settings)>,
    exclude: GlobSet,
    /// `None`: every file of a known format.
    include: Option<GlobSet>,
    pub fail_on: Severity,
    /// Encoding name for text files, as lint.toml gives it.
    pub encoding: Option<String>,
    /// Largest file read, in MB.
    pub max_file_size_mb: Option<u64>,
}

impl Config {
    /// Parses lint.toml text; `name` is the path shown in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, PackError> {
        let source = SourceFile::new(name, text);
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| PackError::new(&source, SpecError::from(e)))?;
        Ok(Config {
            source: Some(source),
            raw,
        })
    }

    /// The packs to load: the top-level list (default: all built-ins) and the overrides'.
    pub fn pack_refs(&self) -> Vec<PackRef> {
        let mut refs: Vec<PackRef> = match &self.raw.packs {
            Some(p) => p.iter().map(|s| PackRef::parse(s.get_ref())).collect(),
            None => vec![PackRef::Builtin(crate::builtin::DEFAULT.into())],
        };
        for o in &self.raw.overrides {
            refs.extend(o.packs.iter().map(|s| PackRef::parse(s.get_ref())));
        }
        refs
    }

    fn error(&self, message: String, span: Option<std::ops::Range<usize>>) -> PackError {
        let source = self
            .source
            .clone()
            .unwrap_or_else(|| SourceFile::new("lint.toml", ""));
        PackError::new(&source, SpecError::new(message, span))
    }

    /// Checks names against the loaded packs and rules. `pack_name` maps a pack reference
    /// as written in lint.toml to the name of the pack it loaded.
    pub fn resolve(
        &self,
        linter: &Linter,
        pack_name: impl Fn(&str) -> Vec<String>,
    ) -> Result<Resolved, PackError> {
        let pack_index = |s: &Spanned<String>| -> Result<Vec<usize>, PackError> {
            pack_name(s.get_ref())
                .iter()
                .map(|n| {
                    linter.pack_index(n).ok_or_else(|| {
                        self.error(format!("没有名为 `{n}` 的规则包"), Some(s.span()))
                    })
                })
                .collect()
        };
        let target = |s: &Spanned<String>| -> Result<Target, PackError> {
            let name = s.get_ref();
            if let Some(i) = linter.rules().iter().position(|r| r.id.as_ref() == name) {
                return Ok(Target::Rule(i));
            }
            if let Some(i) = linter.pack_index(name) {
                return Ok(Target::Pack(i));
            }
            Err(self.error(
                format!("没有加载名为 `{name}` 的规则或规则包"),
                Some(s.span()),
            ))
        };
        let settings = |packs: &[Spanned<String>],
                        disable: &[Spanned<String>],
                        severity: &BTreeMap<Spanned<String>, Severity>|
         -> Result<Settings, PackError> {
            let mut s = Settings::default();
            for p in packs {
                s.packs.extend(pack_index(p)?);
            }
            for d in disable {
                s.disable.push(target(d)?);
            }
            for (k, v) in severity {
                s.severity.push((target(k)?, *v));
            }
            Ok(s)
        };

        let raw = &self.raw;
        let base = match &raw.packs {
            Some(p) => settings(p, &raw.disable, &raw.severity)?,
            None => Settings {
                packs: (0..linter.packs().len())
                    .filter(|&i| {
                        crate::builtin::PACKS
                            .iter()
                            .any(|(n, _)| *n == linter.packs()[i].name)
                    })
                    .collect(),
                ..settings(&[], &raw.disable, &raw.severity)?
            },
        };
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push((
                self.globs(&o.files)?,
                settings(&o.packs, &o.disable, &o.severity)?,
            ));
        }
        Ok(Resolved {
            base,
            overrides,
            exclude: self.globs(&raw.exclude)?,
            include: (!raw.include.is_empty())
                .then(|| self.globs(&raw.include))
                .transpose()?,
            fail_on: raw.fail_on.unwrap_or(Severity::Error),
            encoding: raw.encoding.clone(),
            max_file_size_mb: raw.max_file_size,
        })
    }

    fn globs(&self, globs: &[Spanned<String>]) -> Result<GlobSet, PackError> {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            b.add(Glob::new(g.get_ref()).map_err(|e| {
                self.error(
                    format!("通配模式 `{}` 有误：{e}", g.get_ref()),
                    Some(g.span()),
                )
            })?);
        }
        b.build()
            .map_err(|e| self.error(format!("通配模式有误：{e}"), None))
    }
}

impl Resolved {
    /// Resolution with no lint.toml: the given packs scoped, everything at its own severity.
    pub fn all_packs(linter: &Linter) -> Resolved {
        Resolved {
            base: Settings {
                packs: (0..linter.packs().len()).collect(),
                ..Settings::default()
            },
            overrides: Vec::new(),
            exclude: GlobSet::empty(),
            include: None,
            fail_on: Severity::Error,
            encoding: None,
            max_file_size_mb: None,
        }
    }

    /// Turns on extra packs (from `--pack`) for every file.
    pub fn add_packs(&mut self, packs: impl IntoIterator<Item = usize>) {
        self.base.packs.extend(packs);
    }

    /// True if a file found by walking a folder is to be checked: it matches `include` (when
    /// given) and not `exclude`. `path` is relative to lint.toml's directory.
    pub fn walks_into(&self, path: &str) -> bool {
        !self.exclude.is_match(path) && self.include.as_ref().is_none_or(|i| i.is_match(path))
    }

    /// The selection for a file; `path` is relative to lint.toml's directory.
    pub fn selection(&self, linter: &Linter, path: &str) -> Selection {
        let mut sel = Selection {
            packs: vec![PackUse::Off; linter.packs().len()],
            rules: linter.rules().iter().map(|r| Some(r.severity)).collect(),
        };
        let rule_in = |t: Target, r: usize| match t {
            Target::Rule(i) => i == r,
            Target::Pack(p) => linter.pack_of(r).name == linter.packs()[p].name,
        };
        let mut apply = |s: &Settings, pack_use: PackUse| {
            for &p in &s.packs {
                sel.packs[p] = pack_use;
            }
            for r in 0..sel.rules.len() {
                if s.disable.iter().any(|&t| rule_in(t, r)) {
                    sel.rules[r] = None;
                }
                for &(t, sev) in &s.severity {
                    if rule_in(t, r) && sel.rules[r].is_some() {
                        sel.rules[r] = Some(sev);
                    }
                }
            }
        };
        apply(&self.base, PackUse::Scoped);
        for (globs, s) in &self.overrides {
            if globs.is_match(path) {
                apply(s, PackUse::Forced);
            }
        }
        sel
    }
}
