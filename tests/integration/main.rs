//! Integration tests: fixture sites written into temp folders, built with the real binary, and
//! checked on what a user sees — files, HTML, messages and exit codes.

mod alerts;
mod bounded_input;
mod browser;
mod build_output;
mod check;
mod config_addresses;
mod content_loading;
mod errors;
mod hardening;
mod harness;
mod incident_tools_browser;
mod include_limits;
mod markdown_pages;
mod markup_payloads;
mod migration;
mod new_page;
mod offline_browser;
mod output_links;
mod properties;
mod publish_ci;
mod publish_hosts;
mod publish_nginx;
mod raw_html;
mod reader_words_browser;
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
