//! The preview server's request-head parser on arbitrary bytes.
fn main() {
    afl::fuzz!(|data: &[u8]| {
        if let Ok(request) = dontpanic::serve::parse_head(data) {
            assert!(!request.method.is_empty());
            // Whatever is accepted can go into a `Location` header and be framed one way only.
            assert!(!request.target.bytes().any(|b| b.is_ascii_control()));
            let _ = request.has_body();
            let _ = request.header("host");
        }
    });
}
