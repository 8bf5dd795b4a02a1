//! dontpanic: a static site generator for operations runbooks.
//!
//! The build runs in one direction: `content` loads the folder, `site` lays out URLs and
//! navigation, `markdown` renders each page, `site::links` checks links, `theme` fills the
//! templates and `output` writes the result in one swap. `build` ties the stages together.

pub mod alerts;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod embedded;
pub mod error;
pub mod files;
pub mod html;
pub mod init;
pub mod languages;
pub mod markdown;
pub mod new_page;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
pub mod strings;
pub mod theme;
pub mod url;
pub mod yaml;

pub use error::{Error, Result};
