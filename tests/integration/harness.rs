//! A fixture site in a temp folder and a way to run `dontpanic` on it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    pub fn new() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A site with the given files (paths relative to the site root).
    pub fn with(files: &[(&str, &str)]) -> Site {
        let site = Site::new();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    /// `with`, for files made in a loop.
    pub fn with_owned(files: &[(String, String)]) -> Site {
        let site = Site::new();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let path = self.root().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root().join(path)).unwrap();
    }

    /// Runs `dontpanic ARGS` with the site root as the working folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// Builds and fails the test when the build fails.
    pub fn build_ok(&self) -> Run {
        let run = self.build();
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    pub fn output(&self, path: &str) -> String {
        let full = self.root().join("public").join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    pub fn has_output(&self, path: &str) -> bool {
        self.root().join("public").join(path).exists()
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run dontpanic");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_dontpanic"))
}

/// The day the shipped site is built and checked for in tests (and CI): its review dates are
/// real, so without a fixed day the suite would start failing once they fall due.
pub const SHIPPED_DAY: &str = "2026-12-01";

/// The repository's own site built into `<temp>/site`, and what the build printed; the folder
/// lives as long as the value.
pub fn build_repository_site() -> (tempfile::TempDir, Run) {
    let out = tempfile::tempdir().unwrap();
    let run = run_in(
        &repo_root(),
        &[
            "build",
            "--today",
            SHIPPED_DAY,
            "-o",
            out.path().join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (out, run)
}

/// The repository's own site built into `<temp>/site`.
pub fn built_repository_site() -> tempfile::TempDir {
    build_repository_site().0
}

/// The repository's site as one file (`build --single-file`) in a temp folder: the folder
/// (which lives as long as the value) and the file's path.
pub fn repository_single_file() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("dontpanic.html");
    let run = run_in(
        &repo_root(),
        &[
            "build",
            "--today",
            SHIPPED_DAY,
            "--single-file",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (out, target)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, as sorted relative paths with `/`.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The values of `attr="..."` in `html`.
pub fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}
