//! The default theme's files, built into the binary: the theme reads its templates and assets
//! from here, the interface strings their catalogs (`i18n/`), `new` its archetypes.

use include_dir::{Dir, include_dir};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The files of `themes/default/` as built in.
pub fn default_theme() -> &'static Dir<'static> {
    &DEFAULT_THEME
}
