//! The inputs the steps share: a text field, a group of radio cards, and the error under a field.

use super::{flow, Flow};
use crate::draft::Draft;
use crate::i18n::t;
use crate::{html, util};
use leptos::prelude::*;

/// Under every field: its error, or nothing.
#[component]
pub(super) fn FieldMsg(#[prop(into)] field: String) -> impl IntoView {
    let f = flow();
    let id = util::error_id(&field);
    view! { <p class="field-error" id=id>{move || f.error(&field)}</p> }
}

/// " (tidak wajib)" after the label of a field `domain` does not require right now.
pub(super) fn optional_mark(f: Flow, field: &'static str) -> impl Fn() -> Option<&'static str> {
    move || (!f.is_required(field)).then(|| t(" (tidak wajib)", " (optional)"))
}

#[component]
pub(super) fn TextInput(
    field: &'static str,
    label: (&'static str, &'static str),
    #[prop(optional, into)] hint: Option<(&'static str, &'static str)>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] inputmode: Option<&'static str>,
    get: fn(&Draft) -> &String,
    set: fn(&mut Draft, String),
) -> impl IntoView {
    let f = flow();
    let value = Memo::new(move |_| f.app.draft.with(|d| get(d).clone()));
    let id = util::field_id(field);
    let hint_id = format!("hint-{}", &id[2..]);
    let described = if hint.is_some() {
        format!("{} {hint_id}", util::error_id(field))
    } else {
        util::error_id(field)
    };
    view! {
        <div class="field">
            <label for=id.clone()>{t(label.0, label.1)}{optional_mark(f, field)}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{t(h.0, h.1)}</p> })}
            <input id=id type=kind autocomplete=autocomplete inputmode=inputmode
                aria-required=move || if f.is_required(field) { "true" } else { "false" }
                aria-invalid=move || if f.error(field).is_some() { "true" } else { "false" }
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    f.app.edit(field, move |d| set(d, v));
                }
                on:blur=move |_| f.touch(field)/>
            <FieldMsg field=field/>
        </div>
    }
}

/// Radio cards for one choice, as one HTML string, with one listener for the group.
#[component]
pub(super) fn RadioGroup(
    /// The draft field, for errors (`type`, `privacy`, `category`).
    field: &'static str,
    labelled_by: &'static str,
    #[prop(into)] html: Signal<String>,
    on_pick: impl Fn(String) + 'static,
    /// The error under the group (off where the step shows it elsewhere).
    #[prop(default = true)]
    msg: bool,
) -> impl IntoView {
    let f = flow();
    view! {
        <fieldset class="choices" aria-labelledby=labelled_by aria-describedby=util::error_id(field)
            inner_html=move || html.get()
            on:change=move |ev| {
                if let Some(v) = html::target_value(&ev) {
                    on_pick(v);
                    f.touch(field);
                }
            }>
        </fieldset>
        {msg.then(|| view! { <FieldMsg field=field/> })}
    }
}

/// The id of a choice's input: the field's own id for the first (errors link to it), then
/// `f-field-value`.
pub(super) fn choice_id(field: &str, i: usize, value: &str) -> String {
    if i == 0 {
        util::field_id(field)
    } else {
        format!("{}-{value}", util::field_id(field))
    }
}
