//! Compiles `catalog/templat.toml` (the officers' answer templates and the categories' automatic
//! first replies) into static tables, checked against the catalog's categories. A problem fails
//! the build as `file:line: message`, like the catalog's.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt::Write;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplates {
    #[serde(default)]
    template: Vec<RawTemplate>,
    #[serde(default)]
    first_reply: Vec<RawFirstReply>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    code: Spanned<String>,
    action: Spanned<String>,
    #[serde(default)]
    categories: Vec<Spanned<String>>,
    title: String,
    text: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFirstReply {
    category: Spanned<String>,
    text: Spanned<String>,
}

/// Only the category codes of catalog.toml.
#[derive(Deserialize)]
struct CategoryCodes {
    #[serde(default)]
    category: Vec<Code>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

/// The moves a template may be for, as `ActionKind` variants.
const ACTIONS: [(&str, &str); 4] = [
    ("answer", "Answer"),
    ("not_authority", "NotAuthority"),
    ("merge", "Merge"),
    ("reject", "Reject"),
];

fn line(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].matches('\n').count() + 1
}

/// The blanks of a text must be closed and named: `{tanggal}`.
fn blanks_ok(text: &str) -> Result<(), String> {
    let mut open = false;
    let mut name = String::new();
    for c in text.chars() {
        match (open, c) {
            (false, '{') => {
                open = true;
                name.clear();
            }
            (false, '}') => return Err("\"}\" tanpa \"{\" pembuka".into()),
            (true, '{') => return Err("\"{\" di dalam bagian kosong".into()),
            (true, '}') => {
                if name.trim().is_empty() {
                    return Err("bagian kosong \"{}\" tanpa nama".into());
                }
                open = false;
            }
            (true, c) => name.push(c),
            _ => {}
        }
    }
    if open {
        return Err("bagian kosong tidak ditutup dengan \"}\"".into());
    }
    Ok(())
}

/// The generated Rust, or every problem as `file:line: message`.
pub fn compile(catalog_src: &str, src: &str, file: &str) -> Result<String, Vec<String>> {
    let categories: BTreeSet<String> = toml::from_str::<CategoryCodes>(catalog_src)
        .map(|c| c.category.into_iter().map(|c| c.code).collect())
        .unwrap_or_default();
    let raw: RawTemplates = toml::from_str(src).map_err(|e| {
        let at = e.span().map(|s| line(src, s.start)).unwrap_or(1);
        vec![format!("{file}:{at}: {}", e.message())]
    })?;
    let mut errors = Vec::new();
    let mut err =
        |offset: usize, msg: String| errors.push(format!("{file}:{}: {msg}", line(src, offset)));
    let mut codes = BTreeSet::new();
    let mut out = String::from("pub static TEMPLATES: &[Template] = &[\n");
    for t in &raw.template {
        let code = t.code.get_ref();
        if code.is_empty()
            || !code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            err(
                t.code.span().start,
                format!("kode templat \"{code}\" hanya boleh huruf kecil, angka dan tanda hubung"),
            );
        }
        if !codes.insert(code.clone()) {
            err(
                t.code.span().start,
                format!("kode templat \"{code}\" dipakai dua kali"),
            );
        }
        let action = ACTIONS.iter().find(|(c, _)| c == t.action.get_ref());
        if action.is_none() {
            err(
                t.action.span().start,
                format!(
                    "action \"{}\" tidak dikenal; pilih salah satu: {}",
                    t.action.get_ref(),
                    ACTIONS.map(|a| a.0).join(", ")
                ),
            );
        }
        for c in &t.categories {
            if !categories.contains(c.get_ref()) {
                err(
                    c.span().start,
                    format!("kategori \"{}\" tidak ada di catalog.toml", c.get_ref()),
                );
            }
        }
        if t.text.get_ref().trim().is_empty() {
            err(t.text.span().start, "teks templat kosong".into());
        }
        if let Err(m) = blanks_ok(t.text.get_ref()) {
            err(t.text.span().start, m);
        }
        let cats: Vec<&str> = t.categories.iter().map(|c| c.get_ref().as_str()).collect();
        let _ = writeln!(
            out,
            "    Template {{ code: {:?}, action: ActionKind::{}, categories: &{:?}, title: {:?}, text: {:?} }},",
            code,
            action.map(|a| a.1).unwrap_or("Answer"),
            cats,
            t.title,
            t.text.get_ref()
        );
    }
    out.push_str("];\n\npub static FIRST_REPLIES: &[(&str, &str)] = &[\n");
    let mut seen = BTreeSet::new();
    for r in &raw.first_reply {
        let c = r.category.get_ref();
        if !categories.contains(c) {
            err(
                r.category.span().start,
                format!("kategori \"{c}\" tidak ada di catalog.toml"),
            );
        }
        if !seen.insert(c.clone()) {
            err(
                r.category.span().start,
                format!("kategori \"{c}\" sudah punya balasan pertama"),
            );
        }
        if r.text.get_ref().trim().is_empty() || r.text.get_ref().contains('{') {
            err(
                r.text.span().start,
                "balasan pertama harus berisi teks lengkap, tanpa bagian kosong {…}".into(),
            );
        }
        let _ = writeln!(out, "    ({:?}, {:?}),", c, r.text.get_ref());
    }
    out.push_str("];\n");
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
