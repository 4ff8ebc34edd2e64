//! Bilingual text. Indonesian is the product's first language; English is always available.

use serde::{Deserialize, Serialize};

/// The language a person reads the service in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// Reads an `Accept-Language` header or a stored preference ("en", "en-US,en;q=0.9", "id").
    /// Anything that does not prefer English is Indonesian.
    pub fn from_header(value: &str) -> Lang {
        let first = value
            .split(',')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if first.starts_with("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// A piece of text in both languages, usually a `'static` table entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub id: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn new(id: &'static str, en: &'static str) -> Text {
        Text { id, en }
    }

    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.id,
            Lang::En => self.en,
        }
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Text", 2)?;
        st.serialize_field("id", self.id)?;
        st.serialize_field("en", self.en)?;
        st.end()
    }
}

/// Escapes text for HTML element content and double-quoted attribute values. Both the server's
/// plain pages and the app's HTML strings use it, so citizens' text is never markup.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Thousands separators as each language writes them (4.000 / 4,000).
pub fn fmt_num(n: u64, lang: Lang) -> String {
    let sep = if lang == Lang::Id { '.' } else { ',' };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}
