//! The template filters that put interface strings together: `fill` for a string with
//! `{parameters}`, `count` for a string that changes with a number. The catalog's text is
//! written by the theme's and the site's authors and goes in as it is, like a template's own
//! text; parameters are escaped unless marked `| safe` (a link), so a translation can place a
//! link anywhere in its sentence.

use tera::{Kwargs, State, TeraResult, Value};

pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("fill", fill);
    tera.register_filter("count", count);
}

/// `{{ t.not_found.go_home | fill(link=...) }}`.
fn fill(value: Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let text = value
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| value.to_string());
    Ok(put_together(&text, &kwargs, None))
}

/// `{{ t.nav.more_in | count(n=3, section=title) }}`: the plural form for `n` in the
/// catalog's language (the map's `_language`), `{n}` and the other parameters filled in.
fn count(value: Value, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let n = kwargs
        .get::<Value>("n")?
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let text = match value.as_map() {
        Some(forms) => {
            let get = |k: &str| {
                forms
                    .get(&tera::value::Key::from(k.to_string()))
                    .and_then(|v| v.as_str().map(str::to_string))
            };
            let language = get("_language").unwrap_or_default();
            let category = super::catalog::plural_category(&language, n);
            get(category).or_else(|| get("other")).unwrap_or_default()
        }
        None => value.as_str().map(str::to_string).unwrap_or_default(),
    };
    Ok(put_together(&text, &kwargs, Some(n)))
}

fn put_together(text: &str, kwargs: &Kwargs, n: Option<i64>) -> Value {
    let mut params: Vec<(String, String)> = kwargs
        .iter()
        .map(|(k, v)| {
            let shown = match v.as_str() {
                Some(s) if v.is_safe() => s.to_string(),
                Some(s) => crate::html::escape(s),
                None => crate::html::escape(&v.to_string()),
            };
            (k.to_string(), shown)
        })
        .collect();
    if let Some(n) = n {
        params.push(("n".into(), n.to_string()));
    }
    let borrowed: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let filled = super::catalog::fill(text, &borrowed);
    Value::safe_string(&filled)
}
