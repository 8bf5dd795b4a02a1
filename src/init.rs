//! `init`: writes a new site — config and the starter "Don't Panic" content — into a folder.
//! Never overwrites: a folder that already holds a site is refused.

use std::fs;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result};

static STARTER_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static STARTER_CONFIG: &str = include_str!("../dontpanic.toml");

/// Writes the starter site into `dir`; returns how many files were written.
pub fn init(dir: &Path) -> Result<usize> {
    for existing in [crate::config::FILE_NAME, "content"] {
        if dir.join(existing).exists() {
            return Err(Error::usage(
                format!(
                    "{} already has {existing}; refusing to overwrite it",
                    dir.display()
                ),
                Some("run init in a new or empty folder".into()),
            ));
        }
    }
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let config = dir.join(crate::config::FILE_NAME);
    fs::write(&config, STARTER_CONFIG).map_err(|e| Error::io(&config, e))?;
    Ok(1 + write_dir(&STARTER_CONTENT, &dir.join("content"))?)
}

fn write_dir(embedded: &Dir<'static>, target: &Path) -> Result<usize> {
    let mut written = 0;
    for file in embedded.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&path, file.contents()).map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    for sub in embedded.dirs() {
        written += write_dir(sub, target)?;
    }
    Ok(written)
}
