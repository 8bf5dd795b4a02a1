//! `dontpanic.toml` through the config parser.
use std::path::Path;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(text) = std::str::from_utf8(data) {
            let _ = dontpanic::config::Config::parse(Path::new("dontpanic.toml"), text);
        }
    });
}
