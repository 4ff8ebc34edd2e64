//! The report form's fields. Each shows its label, hint and current value and, after a refused
//! submit, its error next to it (linked by `aria-describedby`), so the form's template says only
//! which fields it has.

use maud::{html, Markup};
use std::collections::HashMap;

/// Error messages by input name.
pub(super) type Errors = HashMap<String, String>;

/// `aria-invalid` of a field that has an error.
fn invalid(errors: &Errors, name: &str) -> Option<&'static str> {
    errors.contains_key(name).then_some("true")
}

/// `aria-describedby` of a field that has an error: the id of its message.
fn described_by(errors: &Errors, name: &str) -> Option<String> {
    errors.contains_key(name).then(|| format!("err-{name}"))
}

/// The field's error message, if it has one.
fn field_error(errors: &Errors, name: &str) -> Markup {
    html! {
        @if let Some(message) = errors.get(name) {
            p class="field-error" id={ "err-" (name) } role="alert" { (message) }
        }
    }
}

fn hint(text: &str) -> Markup {
    html! {
        @if !text.is_empty() { small { (text) } }
    }
}

/// An `<input>` with a label. `hint` may be empty.
pub(super) struct Input<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: &'a str,
    pub kind: &'static str,
    pub autocomplete: Option<&'static str>,
    pub maxlength: Option<usize>,
}

impl<'a> Input<'a> {
    /// A text input with no hint, no autocomplete and no length limit.
    pub fn text(name: &'a str, label: &'a str) -> Input<'a> {
        Input {
            name,
            label,
            hint: "",
            kind: "text",
            autocomplete: None,
            maxlength: None,
        }
    }

    pub fn render(&self, value: &str, errors: &Errors) -> Markup {
        let name = self.name;
        html! {
            div class="field" {
                label for={ "f-" (name) } { (self.label) }
                (hint(self.hint))
                input id={ "f-" (name) } name=(name) type=(self.kind) value=(value)
                    aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name)]
                    autocomplete=[self.autocomplete] maxlength=[self.maxlength];
                (field_error(errors, name))
            }
        }
    }
}

/// A `<textarea>` with a label and a hint.
pub(super) struct TextArea<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: &'a str,
    pub rows: u32,
    pub maxlength: usize,
}

impl TextArea<'_> {
    pub fn render(&self, value: &str, errors: &Errors) -> Markup {
        let name = self.name;
        html! {
            div class="field" {
                label for={ "f-" (name) } { (self.label) }
                (hint(self.hint))
                textarea id={ "f-" (name) } name=(name) rows=(self.rows) maxlength=(self.maxlength)
                    aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name)]
                    { (value) }
                (field_error(errors, name))
            }
        }
    }
}

/// A file input for photos.
pub(super) fn photo_input(
    name: &str,
    label: &str,
    hint_text: &str,
    accept: &str,
    errors: &Errors,
) -> Markup {
    html! {
        div class="field" {
            label for={ "f-" (name) } { (label) }
            (hint(hint_text))
            input id={ "f-" (name) } name=(name) type="file" accept=(accept)
                aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name)];
            (field_error(errors, name))
        }
    }
}

/// A `<select>`: its label, a "choose" placeholder, `options` (maybe in optgroups) and its error.
pub(super) fn select_field(
    name: &str,
    label: &str,
    placeholder: &str,
    options: Markup,
    errors: &Errors,
) -> Markup {
    html! {
        div class="field" {
            label for={ "f-" (name) } { (label) }
            select id={ "f-" (name) } name=(name)
                aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name)] {
                option value="" { (placeholder) }
                (options)
            }
            (field_error(errors, name))
        }
    }
}

/// One `<option>`, selected when it is the form's current value.
pub(super) fn option(value: &str, label: &str, current: &str) -> Markup {
    html! {
        option value=(value) selected[current == value] { (label) }
    }
}

/// One radio button of a group: its value, its label and what choosing it means.
pub(super) struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub explain: &'a str,
}

/// Radio buttons in a fieldset, the current value checked.
pub(super) fn radio_group(
    name: &str,
    legend: &str,
    choices: &[Choice],
    current: &str,
    errors: &Errors,
) -> Markup {
    html! {
        fieldset class="field"
            aria-invalid=[invalid(errors, name)] aria-describedby=[described_by(errors, name)] {
            legend { (legend) }
            @for c in choices {
                label class="choice" {
                    input type="radio" name=(name) value=(c.value) checked[current == c.value];
                    " " b { (c.label) } " " span { (c.explain) }
                }
            }
            (field_error(errors, name))
        }
    }
}
