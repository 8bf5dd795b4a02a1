//! The default theme and the starter content are embedded in the binary (`include_dir!`), which
//! Cargo does not know to watch: a changed template or script must rebuild the binary.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=content");
}
