//! Carrying over what the citizen typed into the server's no-JavaScript form (`#fallback`) while
//! the wasm was still loading, so swapping in the app loses nothing. The field names are the
//! server's form's (see server/src/pages/form.rs). The app then opens on the step the citizen was
//! on, with their text in place and their photos shrunk as if picked in the app.

use crate::draft::Draft;
use crate::util;
use wasm_bindgen::JsCast;

/// What the citizen typed and chose in the server's form: the draft (on the step of the field
/// they were in, or else of the last one they filled) and the photos they picked.
pub struct Carried {
    pub draft: Draft,
    pub photos: Vec<web_sys::File>,
}

/// The wire field a form field fills, for the step it belongs to.
fn wire_field(name: &str) -> &str {
    match name {
        "cerita" | "category" => "category",
        q if q.starts_with("q_") => "category",
        "desa" | "detail" => "location.desa",
        "photo" => "attachments",
        other => other,
    }
}

pub fn read_form() -> Option<Carried> {
    let doc = util::document();
    let root = doc.get_element_by_id("fallback")?;
    let fields = root
        .query_selector_all("input[name], textarea[name], select[name]")
        .ok()?;
    let focused = doc
        .active_element()
        .filter(|e| root.contains(Some(e)))
        .and_then(|e| e.get_attribute("name"));
    let mut d = Draft::default();
    let mut photos = Vec::new();
    let mut last = None;
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        // `changed`: the citizen's doing, not the value the server put there. The empty form
        // (`GET /lapor`) fills in nothing but the category of `?kategori=`.
        let (name, value, changed) = if let Some(el) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            if (el.type_() == "radio" || el.type_() == "checkbox") && !el.checked() {
                continue;
            }
            if el.type_() == "file" {
                if let Some(list) = el.files() {
                    photos.extend((0..list.length()).filter_map(|i| list.get(i)));
                    if list.length() > 0 {
                        last = Some(el.name());
                    }
                }
                continue;
            }
            if el.type_() == "hidden" {
                continue;
            }
            (el.name(), el.value(), true)
        } else if let Some(el) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            (el.name(), el.value(), true)
        } else if let Some(el) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
            let default = el
                .query_selector("option[selected]")
                .ok()
                .flatten()
                .and_then(|o| o.get_attribute("value"))
                .unwrap_or_default();
            (el.name(), el.value(), el.value() != default)
        } else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        if changed {
            last = Some(name.clone());
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
            "cerita" => d.story = value,
            q if q.starts_with("q_") => {
                d.answers.insert(q[2..].to_string(), value);
            }
            _ => {}
        }
    }
    if d.is_blank() && photos.is_empty() {
        return None;
    }
    d.step = focused
        .or(last)
        .map_or(1, |n| crate::pages::lapor::step_of(wire_field(&n)));
    Some(Carried { draft: d, photos })
}
