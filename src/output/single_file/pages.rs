//! Where the single-file build writes. The theme's page parts wait in memory until the last
//! page is themed, and at 10,000 pages they are over 100 MB of JSON: they are kept deflated
//! (a fast level, some 4× smaller) and inflated once more when packed into the copy's chunks.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Mutex;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;

use crate::error::Result;
use crate::output::{MemorySite, Sink, SiteFiles, check_rel_path};

/// One page's parts (JSON), deflated.
#[derive(Debug)]
pub struct Deflated {
    /// The length of the JSON.
    pub len: usize,
    bytes: Vec<u8>,
}

impl Deflated {
    pub fn new(json: &[u8]) -> Deflated {
        let mut encoder =
            DeflateEncoder::new(Vec::with_capacity(json.len() / 3), Compression::fast());
        // Writing into memory cannot fail.
        let _ = encoder.write_all(json);
        Deflated {
            len: json.len(),
            bytes: encoder.finish().unwrap_or_default(),
        }
    }

    /// Appends the JSON to `out`. The bytes are ours and whole, so inflating them cannot fail;
    /// if it did, the entry would be cut short and the copy's JSON would not parse.
    pub fn inflate_into(&self, out: &mut String) {
        let mut decoder = DeflateDecoder::new(&self.bytes[..]);
        out.reserve(self.len);
        let _ = decoder.read_to_string(out);
    }
}

/// The sink of a single-file build: every `.html` written (the theme writes nothing else for
/// the copy than page parts) is kept deflated; other files, and files of the content copied
/// whatever their names, go to a `MemorySite`.
pub struct Collected {
    files: MemorySite,
    pages: Mutex<HashMap<String, Deflated>>,
}

impl Collected {
    pub fn new() -> Collected {
        Collected {
            files: MemorySite::new(),
            pages: Mutex::default(),
        }
    }

    /// The pages (output path → parts) and the other files.
    pub fn finish(self) -> (Pages, SiteFiles) {
        let pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        (Pages(pages), self.files.finish())
    }
}

impl Default for Collected {
    fn default() -> Self {
        Collected::new()
    }
}

impl Sink for Collected {
    fn write(&self, rel_path: &str, bytes: Vec<u8>) -> Result<()> {
        if !rel_path.ends_with(".html") {
            return self.files.write(rel_path, bytes);
        }
        check_rel_path(rel_path)?;
        let deflated = Deflated::new(&bytes);
        drop(bytes);
        let mut pages = self.pages.lock().unwrap_or_else(|e| e.into_inner());
        pages.insert(rel_path.to_string(), deflated);
        Ok(())
    }

    fn copy(&self, source: &Path, rel_path: &str) -> Result<()> {
        self.files.copy(source, rel_path)
    }
}

/// The pages of a single-file build: output path → the JSON of the page's parts.
#[derive(Debug, Default)]
pub struct Pages(HashMap<String, Deflated>);

impl Pages {
    pub fn get(&self, rel_path: &str) -> Option<&Deflated> {
        self.0.get(rel_path)
    }

    pub fn contains(&self, rel_path: &str) -> bool {
        self.0.contains_key(rel_path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Pages from their parts as JSON text, as the theme writes them.
    pub fn from_json<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str)>) -> Pages {
        Pages(
            pages
                .into_iter()
                .map(|(path, json)| (path.to_string(), Deflated::new(json.as_bytes())))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_kept_deflated_and_other_files_as_they_are() {
        let collected = Collected::new();
        let json = format!("{{\"main\":\"{}\"}}", "<p>step</p>".repeat(500));
        collected
            .write("runbooks/disk.html", json.clone().into_bytes())
            .unwrap();
        collected.write("assets/a.js", b"x()".to_vec()).unwrap();
        assert!(collected.write("../out.html", Vec::new()).is_err());
        let (pages, files) = collected.finish();
        let page = pages.get("runbooks/disk.html").unwrap();
        assert!(page.bytes.len() * 10 < json.len(), "{}", page.bytes.len());
        let mut back = String::from("[");
        page.inflate_into(&mut back);
        assert_eq!(back, format!("[{json}"));
        assert!(!files.contains("runbooks/disk.html"));
        assert_eq!(&**files.get("assets/a.js").unwrap(), b"x()");
    }
}
