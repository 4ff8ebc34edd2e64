//! The XML form of Open311 answers: the same serde value as the JSON, written as elements with
//! every text escaped, lists named as the spec names their items.

use super::*;

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn element(out: &mut String, name: &str, v: &serde_json::Value) {
    use serde_json::Value;
    out.push('<');
    out.push_str(name);
    out.push('>');
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape(out, s),
        Value::Array(items) => {
            let item = o311::XML_ITEMS
                .iter()
                .find(|(list, _)| *list == name)
                .map(|(_, item)| *item)
                .unwrap_or("item");
            for i in items {
                element(out, item, i);
            }
        }
        Value::Object(m) => {
            for (k, v) in m {
                element(out, k, v);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// A wire value as XML under `root` (an array's items named by `XML_ITEMS`).
pub fn to_xml<T: Serialize>(root: &str, body: &T) -> Result<String, serde_json::Error> {
    let v = serde_json::to_value(body)?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    element(&mut out, root, &v);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped_and_lists_are_named_by_the_spec() {
        let list = vec![Open311Error {
            code: 400,
            description: "a < b & \"c\"\u{1}".into(),
        }];
        assert_eq!(
            to_xml("errors", &list).unwrap(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><errors><error><code>400</code><description>a &lt; b &amp; &quot;c&quot;</description></error></errors>"
        );
    }
}
