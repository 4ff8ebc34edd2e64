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

/// `x` with `decimals` digits after the point (`2.46`), rounded half away from zero, without
/// the standard float formatting (about 10 KB of wasm). For |x| below 9·10^12.
pub fn fmt_fixed(x: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let scaled = (x.abs() * scale as f64).round() as u64;
    let sign = if x < 0.0 && scaled > 0 { "-" } else { "" };
    let (int, frac) = (scaled / scale, scaled % scale);
    if decimals == 0 {
        return format!("{sign}{int}");
    }
    format!("{sign}{int}.{frac:0width$}", width = decimals as usize)
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

#[cfg(test)]
mod tests {
    use super::fmt_fixed;

    #[test]
    fn fixed_point_matches_the_standard_formatting() {
        for (x, d) in [
            (3.95734, 5),
            (108.123456, 5),
            (10.46, 1),
            (0.05, 1),
            (2.0, 0),
            (-2.5, 1),
        ] {
            assert_eq!(
                fmt_fixed(x, d),
                format!("{x:.prec$}", prec = d as usize),
                "{x} {d}"
            );
        }
        // The standard library rounds half to even on exact binary halves; we round away from
        // zero, which is what people expect of a size in MB.
        assert_eq!(fmt_fixed(0.25, 1), "0.3");
        // and never write "-0.00000"
        assert_eq!(fmt_fixed(-0.000004, 5), "0.00000");
    }
}

/// Input quoted back in an error message, cut to a readable length: an error never echoes
/// unbounded input.
pub fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = s.chars().take(MAX).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}
