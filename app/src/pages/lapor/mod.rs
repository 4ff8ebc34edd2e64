//! Lapor: the guided reporting flow, one short step per screen, one file per step.
//!
//! 1 type (`kind`) · 2 the problem (`problem`: suggestions from `domain::suggest`, or topic →
//! category → its questions; the unit it goes to, live, in `route`) · 3 where (`place`) · 4 what
//! (`details`, with the photos) · 5 who (`who`) · 6 review and send (`review`); then waiting to
//! send (`pending`) and the receipt (`receipt`). The step lives in the address (`?langkah=3`), so
//! the phone's back button walks back through the steps; everything typed lives in the draft,
//! which is saved to the phone on every change. Validation is `domain::NewReport::parse_with` on
//! the whole draft, with the server's limits: an error shows next to its field once the field
//! was left, and all of them on sending.

mod details;
mod fields;
mod kind;
mod pending;
mod place;
mod problem;
pub(crate) mod receipt;
mod review;
mod route;
mod similar;
mod who;

use crate::i18n::{lang, t};
use crate::router;
use crate::state::{app_state, AppState};
use crate::util;
use domain::catalog::Unit;
use domain::report::RawReport;
use domain::{FieldError, Lang, NewReport};
use leptos::prelude::*;

pub const STEPS: u8 = 6;

const STEP_TITLES: [(&str, &str); STEPS as usize] = [
    ("Jenis laporan", "Kind of report"),
    ("Apa masalahnya?", "What is the problem?"),
    ("Di mana masalahnya?", "Where is the problem?"),
    ("Ceritakan masalahnya", "Describe the problem"),
    ("Data pelapor", "About you"),
    ("Periksa dan kirim", "Review and send"),
];

/// The step on which a field is filled in.
pub(crate) fn step_of(field: &str) -> u8 {
    match field {
        "type" => 1,
        "category" => 2,
        f if f.starts_with("answers.") => 2,
        f if f.starts_with("location.") => 3,
        "title" | "body" | "incident_date" | "attachments" => 4,
        _ => 5,
    }
}

/// What every step of the flow shares.
#[derive(Clone, Copy)]
struct Flow {
    app: AppState,
    errors: Memo<Vec<FieldError>>,
    /// Fields `domain` requires for the type, category and privacy chosen so far.
    required: Memo<Vec<String>>,
    touched: RwSignal<Vec<String>>,
    show_all: RwSignal<bool>,
    step: Memo<u8>,
    /// Where focus goes after the next step change (a field to fix), instead of the heading.
    focus_next: RwSignal<Option<String>>,
    embed: bool,
    /// Only categories that can reach this OPD are offered (embed on an OPD's website).
    opd: Option<&'static Unit>,
}

impl Flow {
    /// The message to show under a field: the server's, or `domain`'s once the field was left.
    fn error(&self, field: &str) -> Option<String> {
        if let Some(m) = self.app.server_errors.with(|e| e.get(field).cloned()) {
            return Some(m);
        }
        if !(self.show_all.get() || self.touched.with(|t| t.iter().any(|x| x == field))) {
            return None;
        }
        let l = lang();
        self.errors.with(|es| {
            es.iter()
                .find(|e| e.field == field)
                .map(|e| e.message(l).to_string())
        })
    }

    fn touch(&self, field: &str) {
        if !self
            .touched
            .with_untracked(|t| t.iter().any(|x| x == field))
        {
            self.touched.update(|t| t.push(field.to_string()));
        }
    }

    fn is_required(&self, field: &str) -> bool {
        self.required.with(|r| r.iter().any(|x| x == field))
    }

    /// The flow's address: the citizen's form, the embed, or an officer's desk.
    fn base(&self) -> &'static str {
        base_of(self.app, self.embed)
    }

    fn go_to(&self, n: u8) {
        router::navigate(&step_url(self.base(), n));
    }

    /// Moves to a field: to its step first when it is on another one.
    fn focus_field(&self, field: &str) {
        let id = if field == "location.desa"
            && self.app.draft.with_untracked(|d| d.kecamatan.is_empty())
        {
            "f-kecamatan".to_string()
        } else {
            util::field_id(field)
        };
        let s = step_of(field);
        if s == self.step.get_untracked() {
            util::focus_later(id);
        } else {
            self.focus_next.set(Some(id));
            self.go_to(s);
        }
    }
}

fn base_of(app: AppState, embed: bool) -> &'static str {
    match app.desk {
        Some(d) => d.base,
        None if embed => "/embed",
        None => "/lapor",
    }
}

/// This page's address at step `n`, keeping the embed's other parameters.
fn step_url(base: &str, n: u8) -> String {
    let search = util::window().location().search().unwrap_or_default();
    let query = match web_sys::UrlSearchParams::new_with_str(&search) {
        Ok(p) => {
            p.set("langkah", &n.to_string());
            String::from(p.to_string())
        }
        Err(_) => format!("langkah={n}"),
    };
    format!("{base}?{query}")
}

fn flow() -> Flow {
    expect_context::<Flow>()
}

/// What the flow shows: the steps, the report waiting to be sent, or the receipt.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Steps,
    Pending,
    Receipt,
}

impl Mode {
    fn focus(self) -> &'static str {
        match self {
            Mode::Steps => "step-title",
            Mode::Pending => "pending-title",
            Mode::Receipt => "receipt-title",
        }
    }
}

/// Every error `domain` finds in the draft, and the fields it requires so far.
fn validation(app: AppState) -> (Memo<Vec<FieldError>>, Memo<Vec<String>>) {
    let today = util::today();
    let limits = util::limits();
    let errors = Memo::new(move |_| {
        let raw = app.draft.with(|d| app.photos.with(|p| d.to_raw(p)));
        NewReport::parse_with(&raw, today, &limits)
            .err()
            .unwrap_or_default()
    });
    let required = Memo::new(move |_| {
        let raw = app.draft.with(|d| {
            let full = d.to_raw(&[]);
            RawReport {
                report_type: full.report_type,
                category: full.category,
                privacy: full.privacy,
                ..Default::default()
            }
        });
        NewReport::parse_with(&raw, today, &limits)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.code == "required")
            .map(|e| e.field)
            .collect::<Vec<String>>()
    });
    (errors, required)
}

#[component]
pub fn ReportFlow(embed: bool, opd: Option<&'static Unit>) -> impl IntoView {
    let app = app_state();
    let (errors, required) = validation(app);
    // Opening the form again returns to the step the citizen left; the address says so, so
    // that the back button still walks back from there.
    let saved = app.draft.with_untracked(|d| d.step.clamp(1, STEPS));
    if saved > 1 && untrack(|| router::query("langkah")).is_none() {
        router::replace(&step_url(base_of(app, embed), saved));
    }
    let step = Memo::new(move |_| {
        router::query("langkah")
            .and_then(|s| s.parse::<u8>().ok())
            .filter(|s| (1..=STEPS).contains(s))
            .unwrap_or(1)
    });
    let f = Flow {
        app,
        errors,
        required,
        touched: app.touched,
        show_all: app.show_all,
        step,
        focus_next: RwSignal::new(None),
        embed,
        opd,
    };
    provide_context(f);

    // Remember the step, and move focus to the new step's heading (or a field to fix).
    Effect::new(move |prev: Option<u8>| {
        let s = step.get();
        if app.draft.with_untracked(|d| d.step != s) {
            app.draft.update(|d| d.step = s);
        }
        if prev.is_some_and(|p| p != s) {
            let target = f
                .focus_next
                .get_untracked()
                .unwrap_or_else(|| "step-title".into());
            f.focus_next.set(None);
            util::focus_later(target);
            if embed {
                crate::pages::embed::post_to_host("lapor-natuna:top", 0.0);
            }
        }
        s
    });
    // When the flow turns into "waiting to send" or the receipt, announce it by focus.
    let mode = Memo::new(move |_| {
        if app.receipt.with(|r| r.as_ref().is_some_and(|r| !r.closed)) {
            Mode::Receipt
        } else if app.outbox.with(|o| o.is_some()) {
            Mode::Pending
        } else {
            Mode::Steps
        }
    });
    Effect::new(move |prev: Option<Mode>| {
        let m = mode.get();
        if prev.is_some_and(|p| p != m) {
            util::focus_later(m.focus().into());
            if embed {
                crate::pages::embed::post_to_host("lapor-natuna:top", 0.0);
            }
        }
        m
    });

    view! {
        <div class=if embed { "flow embed" } else { "flow" }>
            {move || match mode.get() {
                Mode::Receipt => app.receipt.get_untracked().map(|r| match app.desk {
                    Some(d) => (d.receipt)(r.receipt),
                    None => view! { <receipt::ReceiptView kept=r/> }.into_any(),
                }),
                Mode::Pending => Some(view! { <pending::PendingView/> }.into_any()),
                Mode::Steps => Some(view! { <Steps/> }.into_any()),
            }}
        </div>
    }
}

#[component]
fn Steps() -> impl IntoView {
    let f = flow();
    let step = f.step;
    let next = move |_| {
        let s = step.get_untracked();
        let bad: Vec<String> = f.errors.with_untracked(|es| {
            es.iter()
                .filter(|e| step_of(&e.field) == s)
                .map(|e| e.field.clone())
                .collect()
        });
        let server_bad = f
            .app
            .server_errors
            .with_untracked(|e| e.keys().find(|k| step_of(k) == s).cloned());
        match bad.first().cloned().or(server_bad) {
            None => f.go_to(s + 1),
            Some(first) => {
                f.touched.update(|t| t.extend(bad));
                f.focus_field(&first);
            }
        }
    };
    view! {
        <form class="steps" novalidate on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <p class="progress-label">{move || match lang() {
                Lang::Id => format!("Langkah {} dari {STEPS}", step.get()),
                Lang::En => format!("Step {} of {STEPS}", step.get()),
            }}</p>
            <progress max=STEPS value=move || step.get() aria-hidden="true"></progress>
            <h1 id="step-title" tabindex="-1">{move || {
                let (id, en) = STEP_TITLES[(step.get() - 1) as usize];
                t(id, en)
            }}</h1>
            {move || match step.get() {
                1 => view! { {f.app.desk.map(|d| (d.intro)())} <kind::StepType/> }.into_any(),
                2 => view! { <problem::StepProblem/> }.into_any(),
                3 => view! { <place::StepWhere/> }.into_any(),
                4 => view! { <details::StepDetails/> }.into_any(),
                5 => view! { <who::StepWho/> }.into_any(),
                _ => view! { <review::StepReview/> }.into_any(),
            }}
            // Who will handle it and why, from step 2 to the review.
            {move || (step.get() >= 2).then(|| view! { <route::RoutePanel/> })}
            <div class="nav-buttons">
                {move || (step.get() > 1).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| f.go_to(step.get_untracked() - 1)>{t("Kembali", "Back")}</button>
                })}
                {move || if step.get() < STEPS {
                    view! { <button type="button" class="primary" on:click=next>{t("Lanjut", "Next")}</button> }.into_any()
                } else {
                    view! { <review::SendButton/> }.into_any()
                }}
            </div>
        </form>
    }
}
