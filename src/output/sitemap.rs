//! sitemap.xml, written when the site's public address is known.

use crate::html::escape;
use crate::site::url::encode_path;

/// `pages` are output paths with their last review date, if any; `base_url` ends with `/`.
pub fn sitemap<'a>(
    base_url: &str,
    pages: impl IntoIterator<Item = (&'a str, Option<String>)>,
) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&format!("{base_url}{}", encode_path(path))));
        xml.push_str("</loc>");
        if let Some(day) = lastmod {
            xml.push_str(&format!("<lastmod>{day}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_absolute_urls() {
        let xml = super::sitemap(
            "https://ops.example.com/rb/",
            [
                ("index.html", None),
                ("a b.html", Some("2026-01-02".into())),
            ],
        );
        assert!(xml.contains("<loc>https://ops.example.com/rb/index.html</loc>"));
        assert!(xml.contains(
            "<loc>https://ops.example.com/rb/a%20b.html</loc><lastmod>2026-01-02</lastmod>"
        ));
    }
}
