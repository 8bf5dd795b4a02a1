//! The service worker of a built site: on a first visit over http(s) it stores every page and
//! asset, then answers from the network when there is one and from its store when there is
//! not, so a site visited once keeps working when the network is gone.

const SCRIPT: &str = include_str!("service-worker.js");

/// The worker's script, with the files to store and `version`, a hash of every file the build
/// wrote: it changes exactly when something the worker stores may have changed.
pub fn service_worker(files: &[String], version: u64) -> String {
    let list = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    SCRIPT
        .replace("\"__VERSION__\"", &format!("\"{version:016x}\""))
        .replace("[/*FILES*/]", &list)
}
