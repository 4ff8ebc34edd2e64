//! Read-only and repetitive parts of pages (option lists, radio cards, report details, the
//! review) are written as escaped HTML strings and set with `inner_html`, with one delegated
//! listener per group. For a phone on 2G this is the difference between a wasm of a few hundred
//! KB and one twice as big: every distinct `view!` tree costs code, a string costs only its text.
//! Everything interpolated goes through `esc`.

use wasm_bindgen::JsCast;

pub use domain::text::escape_html as esc;

/// One radio card: a title, an explanation, checked or not.
pub fn radio(
    name: &str,
    id: &str,
    value: &str,
    title: &str,
    small: &str,
    checked: bool,
    class: &str,
) -> String {
    let small = if small.is_empty() {
        String::new()
    } else {
        format!("<small>{}</small>", esc(small))
    };
    format!(
        r#"<label class="choice{class}"><input type="radio" name="{}" id="{}" value="{}"{}><span><b>{}</b>{small}</span></label>"#,
        esc(name),
        esc(id),
        esc(value),
        if checked { " checked" } else { "" },
        esc(title),
    )
}

/// One `<option>`.
pub fn option(value: &str, label: &str, selected: bool) -> String {
    format!(
        r#"<option value="{}"{}>{}</option>"#,
        esc(value),
        if selected { " selected" } else { "" },
        esc(label)
    )
}

/// A `<dt>`/`<dd>` pair inside a `<div>`, or nothing when the value is empty.
pub fn fact(term: &str, value: &str) -> String {
    if value.trim().is_empty() {
        String::new()
    } else {
        format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(term), esc(value))
    }
}

/// The value of the form control an event came from.
pub fn target_value(ev: &web_sys::Event) -> Option<String> {
    let t = ev.target()?;
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some(s.value());
    }
    None
}

/// The `data-<name>` value of the nearest element, from the event target up, that has it.
pub fn target_data(ev: &web_sys::Event, name: &str) -> Option<String> {
    let el: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let attr = format!("data-{name}");
    el.closest(&format!("[{attr}]"))
        .ok()
        .flatten()?
        .get_attribute(&attr)
}
