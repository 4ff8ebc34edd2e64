//! Step 1: the kind of report (`domain::ReportType`).

use super::fields::{choice_id, RadioGroup};
use super::flow;
use crate::html;
use crate::i18n::lang;
use domain::ReportType;
use leptos::prelude::*;

#[component]
pub(super) fn StepType() -> impl IntoView {
    let f = flow();
    let current = f.app.draft.with_untracked(|d| d.report_type.clone());
    let l = lang();
    let cards: String = ReportType::ALL
        .into_iter()
        .enumerate()
        .map(|(i, ty)| {
            html::radio(
                "type",
                &choice_id("type", i, ty.code()),
                ty.code(),
                ty.label(l),
                ty.explain(l),
                current == ty.code(),
                "",
            )
        })
        .collect();
    view! {
        <RadioGroup field="type" labelled_by="step-title" html=Signal::stored(cards)
            on_pick=move |v| f.app.edit("type", |d| d.report_type = v)/>
    }
}
