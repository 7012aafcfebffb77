//! Writing files without losing a byte.
//!
//! A file is written to a temporary file in the same folder and renamed over the target, so a
//! crash or a full disk never leaves it half-written. Around that:
//!
//! - a **symlink** is written through: the file it points to is replaced, the link stays;
//! - a file with **several hard links** is refused (renaming would leave the other names with
//!   the old text), and so is a **read-only** file (even for root);
//! - the file's **permissions, owner and group** are kept (a fix run as root does not hand a
//!   user's report to root); a **new** file gets mode 0644;
//! - a target that is **not a regular file** (a device such as /dev/stdout, a pipe) is written
//!   to directly, never replaced;
//! - with [`Expect::Unchanged`], the file on disk is compared with the bytes the edits were
//!   made on just before the rename: a save made meanwhile is never overwritten;
//! - temporary files are registered, and a Ctrl-C or SIGTERM removes them before the process
//!   exits ([`install_interrupt_cleanup`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What the file on disk must still hold when it is replaced.
pub enum Expect<'a> {
    /// Anything (a baseline, a generated file).
    Anything,
    /// Exactly these bytes: the ones that were read and edited.
    Unchanged(&'a [u8]),
}

/// Temporary files being written, removed on an interrupt.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files of writes in progress; called on Ctrl-C and SIGTERM.
pub fn remove_in_flight() {
    let paths = match IN_FLIGHT.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(p) => std::mem::take(&mut *p.into_inner()),
    };
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// Installs a Ctrl-C / SIGTERM handler that removes temporary files and exits with 130.
/// Installing twice is harmless (the second is ignored).
pub fn install_interrupt_cleanup() {
    let _ = ctrlc::set_handler(|| {
        remove_in_flight();
        std::process::exit(130);
    });
}

fn register(path: &Path) {
    if let Ok(mut v) = IN_FLIGHT.lock() {
        v.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut v) = IN_FLIGHT.lock() {
        v.retain(|p| p != path);
    }
}

/// Writes `bytes` to `path` safely (see the module comment). Errors are messages for the user.
pub fn replace(path: &Path, bytes: &[u8], expect: Expect<'_>) -> Result<(), String> {
    // through a symlink to the file it names
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path)
            .map_err(|e| format!("符号链接指向的文件无法访问 / cannot follow the symlink: {e}"))?,
        _ => path.to_path_buf(),
    };
    let existing = match std::fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.to_string()),
    };
    if let Some(meta) = &existing {
        if !meta.is_file() {
            // a device or a pipe: write into it, do not replace it
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(|e| e.to_string())?;
            return f.write_all(bytes).map_err(|e| e.to_string());
        }
        if meta.permissions().readonly() {
            return Err("文件是只读的，未修改 / the file is read-only: not changed".into());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() > 1 {
                return Err(format!(
                    "文件有 {} 个硬链接，替换会使它们分开，未修改 / the file has {} hard links: not changed",
                    meta.nlink(),
                    meta.nlink()
                ));
            }
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".fzlint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    register(tmp.path());
    let result = (|| {
        tmp.write_all(bytes).map_err(|e| e.to_string())?;
        tmp.as_file().sync_all().map_err(|e| e.to_string())?;
        match &existing {
            Some(meta) => {
                std::fs::set_permissions(tmp.path(), meta.permissions())
                    .map_err(|e| e.to_string())?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    // keeping the owner needs root when it is someone else's; without root the
                    // file was ours to begin with
                    let _ =
                        std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
                }
            }
            None => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        if let Expect::Unchanged(original) = expect {
            let now = std::fs::read(&target).map_err(|e| e.to_string())?;
            if now != original {
                return Err(
                    "文件在修改期间被保存过，未覆盖；请重新运行 fzlint fix / the file changed while it was being fixed: not overwritten"
                        .to_string(),
                );
            }
        }
        Ok(())
    })();
    let path_of_tmp = tmp.path().to_path_buf();
    let outcome = result.and_then(|()| {
        tmp.persist(&target)
            .map(|_| ())
            .map_err(|e| e.error.to_string())
    });
    // on success the temporary name is gone; on failure the NamedTempFile was dropped and
    // removed it
    unregister(&path_of_tmp);
    outcome
}

/// Writes a file whose previous content does not matter (baselines, `init`).
pub fn atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, bytes, Expect::Anything).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_saved_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.txt");
        std::fs::write(&p, "用户刚保存的版本").unwrap();
        let e = replace(
            &p,
            b"fixed",
            Expect::Unchanged("fzlint read this".as_bytes()),
        )
        .unwrap_err();
        assert!(e.contains("changed while it was being fixed"), "{e}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "用户刚保存的版本");
        // nothing left behind
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        replace(
            &p,
            b"fixed",
            Expect::Unchanged("用户刚保存的版本".as_bytes()),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "fixed");
    }

    #[test]
    fn an_interrupt_removes_the_temporary_files_in_flight() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join(".fzlint-x.tmp");
        std::fs::write(&t, "partial").unwrap();
        register(&t);
        remove_in_flight();
        assert!(!t.exists());
    }

    #[cfg(unix)]
    #[test]
    fn links_read_only_files_devices_and_new_files() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        // a symlink is written through and stays a symlink
        let target = dir.path().join("target.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        replace(&link, b"new", Expect::Unchanged(b"old")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // a hard-linked file is refused and both names keep their text
        let other = dir.path().join("other.txt");
        std::fs::hard_link(&target, &other).unwrap();
        let e = replace(&target, b"x", Expect::Anything).unwrap_err();
        assert!(e.contains("hard links"), "{e}");
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "new");
        std::fs::remove_file(&other).unwrap();
        // a read-only file is refused, even for root
        let ro = dir.path().join("ro.txt");
        std::fs::write(&ro, "keep").unwrap();
        let mut perm = std::fs::metadata(&ro).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&ro, perm).unwrap();
        assert!(replace(&ro, b"x", Expect::Anything)
            .unwrap_err()
            .contains("read-only"));
        assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep");
        // permissions are kept; a new file gets 0644
        let kept = dir.path().join("kept.txt");
        std::fs::write(&kept, "a").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace(&kept, b"b", Expect::Anything).unwrap();
        assert_eq!(std::fs::metadata(&kept).unwrap().mode() & 0o777, 0o640);
        let fresh = dir.path().join("fresh.json");
        replace(&fresh, b"{}", Expect::Anything).unwrap();
        assert_eq!(std::fs::metadata(&fresh).unwrap().mode() & 0o777, 0o644);
        // finished writes leave nothing for an interrupt to remove
        assert!(IN_FLIGHT
            .lock()
            .unwrap()
            .iter()
            .all(|p| !p.starts_with(dir.path())));
        // a device is written to, not replaced
        replace(Path::new("/dev/null"), b"x", Expect::Anything).unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
        // the owner is kept (only root can give a file to someone else)
        if running_as_root() {
            let owned = dir.path().join("owned.txt");
            std::fs::write(&owned, "a").unwrap();
            std::os::unix::fs::chown(&owned, Some(4242), Some(4243)).unwrap();
            replace(&owned, b"b", Expect::Anything).unwrap();
            let m = std::fs::metadata(&owned).unwrap();
            assert_eq!((m.uid(), m.gid()), (4242, 4243));
        } else {
            println!("owner check skipped: not running as root");
        }
    }

    #[cfg(unix)]
    fn running_as_root() -> bool {
        use std::os::unix::fs::MetadataExt;
        // a file we create is owned by our user: uid 0 means root
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::metadata(f.path()).unwrap().uid() == 0
    }
}
