//! The officers' answer templates and the categories' automatic first replies, kept in the
//! catalog (`catalog/templat.toml`) so that Diskominfo edits them without code. An officer picks
//! a template for the move they make, fills its blanks (`{tanggal}`), and edits the text; an
//! answer made from a template is checked like any other (`answer::AnswerCheck`).

use crate::lifecycle::ActionKind;

/// A template for one move, for some categories (none: every category).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub code: &'static str,
    pub action: ActionKind,
    pub categories: &'static [&'static str],
    pub title: &'static str,
    pub text: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/templates_gen.rs"));

/// Blanks filled from the report and the officer, not typed.
pub const BLANK_UNIT: &str = "unit";
pub const BLANK_CODE: &str = "kode";
pub const BLANK_PLACE: &str = "lokasi";

impl Template {
    /// For this move on a report of this category: the category's own templates first.
    pub fn for_move(action: ActionKind, category: &str) -> Vec<&'static Template> {
        let mut own: Vec<&'static Template> = TEMPLATES
            .iter()
            .filter(|t| t.action == action && t.categories.contains(&category))
            .collect();
        own.extend(
            TEMPLATES
                .iter()
                .filter(|t| t.action == action && t.categories.is_empty()),
        );
        own
    }

    pub fn by_code(code: &str) -> Option<&'static Template> {
        TEMPLATES.iter().find(|t| t.code == code)
    }

    /// The names of its blanks, in order, each once.
    pub fn blanks(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        let mut rest = self.text;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + len];
            if !out.contains(&name) {
                out.push(name);
            }
            rest = &rest[start + len + 1..];
        }
        out
    }

    /// The blanks an officer types (not unit, code or place).
    pub fn typed_blanks(&self) -> Vec<&'static str> {
        self.blanks()
            .into_iter()
            .filter(|b| ![BLANK_UNIT, BLANK_CODE, BLANK_PLACE].contains(b))
            .collect()
    }

    /// The text with each blank filled by `fill(name)`; a blank left empty reads `[name]`, so
    /// that the officer sees what is still missing (and the answer check does not pass it).
    pub fn render(&self, fill: &dyn Fn(&str) -> Option<String>) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut rest = self.text;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            out.push_str(&rest[..start]);
            let name = &rest[start + 1..start + len];
            match fill(name).filter(|v| !v.trim().is_empty()) {
                Some(v) => out.push_str(v.trim()),
                None => {
                    out.push('[');
                    out.push_str(name);
                    out.push(']');
                }
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The automatic first reply of a category, sent to the reporter when the report reaches a
/// unit.
pub fn first_reply(category: &str) -> Option<&'static str> {
    FIRST_REPLIES
        .iter()
        .find(|(c, _)| *c == category)
        .map(|(_, t)| *t)
}
