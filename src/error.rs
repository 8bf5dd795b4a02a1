//! The library's error type. `main.rs` alone turns it into an exit code: site errors are 1,
//! I/O and usage problems outside the site are 2.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file outside the site's content failed (disk full, permissions).
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },

    /// The site itself has errors; `diagnostics` holds every one found, warnings included, sorted.
    #[error("the site has {} error(s)", diagnostics.iter().filter(|d| d.is_error()).count())]
    Site { diagnostics: Vec<Diagnostic> },

    /// The command cannot do what was asked (an output folder it must not replace, say).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
}

impl Error {
    /// A build stopped by one problem of the site.
    pub fn site(diagnostic: crate::diagnostic::Diagnostic) -> Self {
        Error::Site {
            diagnostics: vec![diagnostic],
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn usage(message: impl Into<String>, hint: Option<String>) -> Self {
        Error::Usage {
            message: message.into(),
            hint,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
