//! Carrying over what the citizen typed into the server's no-JavaScript form (`#fallback`) while
//! the wasm was still loading, so swapping in the app loses nothing. The field names are the
//! server's form's (see server/src/pages/form.rs).

use crate::draft::Draft;
use crate::util;
use wasm_bindgen::JsCast;

pub fn read_form() -> Option<Draft> {
    let root = util::document().get_element_by_id("fallback")?;
    let fields = root
        .query_selector_all("input[name], textarea[name], select[name]")
        .ok()?;
    let mut d = Draft::default();
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        let (name, value) = if let Some(el) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            if (el.type_() == "radio" || el.type_() == "checkbox") && !el.checked() {
                continue;
            }
            if el.type_() == "file" || el.type_() == "hidden" {
                continue;
            }
            (el.name(), el.value())
        } else if let Some(el) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            (el.name(), el.value())
        } else if let Some(el) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
            (el.name(), el.value())
        } else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "type" => d.report_type = value,
            "category" => {
                if let Some(c) = domain::catalog::category(&value) {
                    d.topic = c.topic().code.to_string();
                    d.category = value;
                }
            }
            "title" => d.title = value,
            "body" => d.body = value,
            "incident_date" => d.incident_date = value,
            "desa" => {
                if let Some(r) = domain::catalog::region(&value) {
                    d.kecamatan = r.kecamatan().code.to_string();
                    if r.parent.is_some() {
                        d.desa = value;
                    }
                }
            }
            "detail" => d.detail = value,
            "privacy" => d.privacy = value,
            "name" => d.name = value,
            "phone" => d.phone = value,
            "email" => d.email = value,
            q if q.starts_with("q_") => {
                d.answers.insert(q[2..].to_string(), value);
            }
            _ => {}
        }
    }
    (!d.is_blank()).then_some(d)
}
