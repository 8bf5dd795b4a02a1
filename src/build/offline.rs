//! The service worker of a built site: on a first visit over http(s) it stores every page and
//! asset, then answers from the network when there is one and from its store when there is
//! not, so a site visited once keeps working when the network is gone.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::theme::BuildInfo;

/// Where the worker is written: at the root, so that its scope is the whole site.
pub const SERVICE_WORKER: &str = "sw.js";

const SCRIPT: &str = include_str!("service-worker.js");

/// The worker's script, with the files to store and a version that changes with every build.
pub fn service_worker(files: &[String], build: &BuildInfo) -> String {
    let mut hasher = DefaultHasher::new();
    (files, &build.date, std::time::SystemTime::now()).hash(&mut hasher);
    let list = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    SCRIPT
        .replace("\"__VERSION__\"", &format!("\"{:016x}\"", hasher.finish()))
        .replace("[/*FILES*/]", &list)
}
