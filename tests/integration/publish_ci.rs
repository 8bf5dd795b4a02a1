//! The CI workflows `init` writes, and this repository's release workflow, checked against the
//! schemas GitHub and GitLab publish (with check-jsonschema, which scripts/test installs from
//! PyPI into target/lint-venv); the Dockerfile builds where a Docker engine runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::harness::{Site, repo_root, run_in};

fn check_jsonschema() -> PathBuf {
    let venv = repo_root().join("target/lint-venv/bin/check-jsonschema");
    if venv.exists() {
        return venv;
    }
    let on_path = Command::new("check-jsonschema").arg("--version").output();
    assert!(
        on_path.is_ok_and(|o| o.status.success()),
        "check-jsonschema is missing: run scripts/test, which installs it into target/lint-venv"
    );
    PathBuf::from("check-jsonschema")
}

fn lint(schema: &str, file: &Path) {
    let out = Command::new(check_jsonschema())
        .args(["--builtin-schema", schema])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} against {schema}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn init_writes_a_github_workflow_that_checks_builds_and_publishes() {
    let parent = tempfile::tempdir().unwrap();
    let run = run_in(parent.path(), &["init", "ops"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let workflow = parent.path().join("ops/.github/workflows/runbooks.yml");
    let text = std::fs::read_to_string(&workflow).unwrap();
    for step in [
        "dontpanic check --deny-warnings",
        "dontpanic build --host github-pages",
        "actions/deploy-pages",
        "actions/cache",
        &format!("DONTPANIC_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(text.contains(step), "{step}");
    }
    lint("vendor.github-workflows", &workflow);
}

#[test]
fn init_ci_adds_a_gitlab_pipeline_to_an_existing_site_and_never_overwrites() {
    let site = Site::with(&[("content/index.md", "# Ops\n")]);
    let run = site.run(&["init", ".", "--ci", "gitlab"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pipeline = site.root().join(".gitlab-ci.yml");
    let text = std::fs::read_to_string(&pipeline).unwrap();
    assert!(text.contains("dontpanic build --host gitlab-pages"));
    assert!(text.contains("- public"));
    lint("vendor.gitlab-ci", &pipeline);
    assert!(
        !site.root().join("dontpanic.toml").exists(),
        "the site is left as it was"
    );
    let again = site.run(&["init", ".", "--ci", "gitlab"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("refusing to overwrite"),
        "{}",
        again.stderr
    );
    let plain = site.run(&["init", "."]);
    assert_eq!(
        plain.code, 2,
        "init without --ci still refuses an existing site"
    );
}

#[test]
fn the_release_workflow_is_valid() {
    lint(
        "vendor.github-workflows",
        &repo_root().join(".github/workflows/release.yml"),
    );
}

/// Builds both images when a Docker engine answers (none runs on the test machines, whose
/// `docker` is only a client); the commands are the README's.
#[test]
fn the_dockerfile_builds_where_docker_runs() {
    let engine = Command::new("docker").arg("info").output();
    if !engine.is_ok_and(|o| o.status.success()) {
        eprintln!("no Docker engine here: the Dockerfile was not built");
        return;
    }
    for target in ["cli", "nginx"] {
        let out = Command::new("docker")
            .args([
                "build",
                "--target",
                target,
                "-t",
                &format!("dontpanic-test-{target}"),
                ".",
            ])
            .current_dir(repo_root())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
