//! Reading a file the site names without waiting on it: a name in the site can be a pipe or a
//! device (`mkfifo dontpanic.toml`), and opening one of those for reading waits for a writer
//! that never comes. Only regular files are read.

use std::io::{self, Read};
use std::path::Path;

/// The bytes of the regular file at `path` (links followed); anything else is an error that
/// says what it is.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `read`, as UTF-8 text.
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

/// The regular file at `path`, opened for reading without blocking on a pipe.
pub fn open(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a folder, pipe, device or socket)",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pipe_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("dontpanic.toml");
        let name = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
        // SAFETY: a valid, NUL-terminated path; mkfifo only creates the node.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let error = super::read(&pipe).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        std::fs::write(dir.path().join("a.toml"), "x = 1").unwrap();
        assert_eq!(
            super::read_to_string(&dir.path().join("a.toml")).unwrap(),
            "x = 1"
        );
    }
}
