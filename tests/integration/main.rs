//! Integration tests: fixture sites written into temp folders, built with the real binary, and
//! checked on what a user sees — files, HTML, messages and exit codes.

mod alerts;
mod browser;
mod build_output;
mod check;
mod content_loading;
mod errors;
mod hardening;
mod harness;
mod incident_tools_browser;
mod markdown_pages;
mod migration;
mod new_page;
mod properties;
mod publish_ci;
mod publish_hosts;
mod publish_nginx;
mod repository_shapes;
mod repository_site;
mod scale;
mod search_browser;
mod search_quality;
mod serve;
mod serve_harness;
mod serve_limits;
mod single_file;
mod single_file_browser;
mod webdriver;
