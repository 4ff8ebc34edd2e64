//! Lapor: the guided reporting flow, one short step per screen.
//!
//! 1 type · 2 the problem ("Ceritakan masalah Anda": suggestions from `domain::suggest`, or topic → category → its questions) · 3 where · 4 what ·
//! 5 who · 6 review and send. The step lives in the address (`?langkah=3`), so the phone's back
//! button walks back through the steps; everything typed lives in the draft, which is saved to
//! the phone on every change. Validation is `domain::NewReport::parse` on the whole draft: an
//! error shows next to its field once the field was left, and all of them on sending.

use crate::api::Receipt;
use crate::draft::Draft;
use crate::i18n::{lang, t, tx};
use crate::router;
use crate::state::{app_state, AppState, Wait};
use crate::{html, icons, outbox, photos, search, util};
use domain::catalog::{self, Category, RegionKind, Target, Unit, CATEGORIES, REGIONS, TOPICS};
use domain::report::{RawReport, BODY_MAX, BODY_MIN, MAX_ATTACHMENTS};
use domain::text::fmt_fixed;
use domain::{FieldError, Lang, NewReport, Privacy, ReportType};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

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
fn step_of(field: &str) -> u8 {
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

    fn go_to(&self, n: u8) {
        router::navigate(&step_url(self.embed, n));
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

/// This page's address at step `n`, keeping the embed's other parameters.
fn step_url(embed: bool, n: u8) -> String {
    let base = if embed { "/embed" } else { "/lapor" };
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

/// Can a report of this category end up with this OPD (or one of its bidang/UPT)?
fn reaches(c: &Category, opd: &Unit) -> bool {
    c.routes.iter().any(|r| {
        let to = match r.to {
            Target::Unit(u) => Some(u.get()),
            _ => None,
        };
        to.into_iter()
            .chain(r.fallback.map(|f| f.get()))
            .any(|u| u.is_within(opd))
    })
}

fn offered(opd: Option<&'static Unit>) -> Vec<&'static Category> {
    let all: Vec<&'static Category> = CATEGORIES.iter().collect();
    match opd {
        Some(o) => {
            let some: Vec<&'static Category> =
                all.iter().copied().filter(|c| reaches(c, o)).collect();
            if some.is_empty() {
                all
            } else {
                some
            }
        }
        None => all,
    }
}

#[component]
pub fn ReportFlow(embed: bool, opd: Option<&'static Unit>) -> impl IntoView {
    let app = app_state();
    let today = util::today();
    let errors = Memo::new(move |_| {
        let raw = app.draft.with(|d| app.photos.with(|p| d.to_raw(p)));
        NewReport::parse(&raw, today).err().unwrap_or_default()
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
        NewReport::parse(&raw, today)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| e.code == "required")
            .map(|e| e.field)
            .collect::<Vec<String>>()
    });
    // Opening the form again returns to the step the citizen left; the address says so, so
    // that the back button still walks back from there.
    let saved = app.draft.with_untracked(|d| d.step.clamp(1, STEPS));
    if saved > 1 && untrack(|| router::query("langkah")).is_none() {
        router::replace(&step_url(embed, saved));
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
        if app.receipt.with(|r| r.is_some()) {
            2u8
        } else if app.outbox.with(|o| o.is_some()) {
            1
        } else {
            0
        }
    });
    Effect::new(move |prev: Option<u8>| {
        let m = mode.get();
        if prev.is_some_and(|p| p != m) {
            util::focus_later(
                match m {
                    2 => "receipt-title",
                    1 => "pending-title",
                    _ => "step-title",
                }
                .into(),
            );
            if embed {
                crate::pages::embed::post_to_host("lapor-natuna:top", 0.0);
            }
        }
        m
    });

    view! {
        <div class=if embed { "flow embed" } else { "flow" }>
            {move || match mode.get() {
                2 => app.receipt.get_untracked().map(|r| view! { <ReceiptView r=r/> }.into_any()),
                1 => Some(view! { <PendingView/> }.into_any()),
                _ => Some(view! { <Steps/> }.into_any()),
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
                1 => view! { <StepType/> }.into_any(),
                2 => view! { <StepProblem/> }.into_any(),
                3 => view! { <StepWhere/> }.into_any(),
                4 => view! { <StepDetails/> }.into_any(),
                5 => view! { <StepWho/> }.into_any(),
                _ => view! { <StepReview/> }.into_any(),
            }}
            {move || (2..=5).contains(&step.get()).then(|| view! { <RoutePanel/> })}
            <div class="nav-buttons">
                {move || (step.get() > 1).then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| f.go_to(step.get_untracked() - 1)>{t("Kembali", "Back")}</button>
                })}
                {move || if step.get() < STEPS {
                    view! { <button type="button" class="primary" on:click=next>{t("Lanjut", "Next")}</button> }.into_any()
                } else {
                    view! { <SendButton/> }.into_any()
                }}
            </div>
        </form>
    }
}

/// Under every field: its error, or nothing.
#[component]
fn FieldMsg(#[prop(into)] field: String) -> impl IntoView {
    let f = flow();
    let id = util::error_id(&field);
    view! { <p class="field-error" id=id>{move || f.error(&field)}</p> }
}

/// " (tidak wajib)" after the label of a field `domain` does not require right now.
fn optional_mark(f: Flow, field: &'static str) -> impl Fn() -> Option<&'static str> {
    move || (!f.is_required(field)).then(|| t(" (tidak wajib)", " (optional)"))
}

#[component]
fn TextInput(
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
fn RadioGroup(
    /// The draft field, for errors (`type`, `privacy`, `category`).
    field: &'static str,
    labelled_by: &'static str,
    #[prop(into)] html: Signal<String>,
    on_pick: impl Fn(String) + 'static,
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
        <FieldMsg field=field/>
    }
}

fn first_id(field: &str, i: usize, value: &str) -> String {
    if i == 0 {
        util::field_id(field)
    } else {
        format!("{}-{value}", util::field_id(field))
    }
}

#[component]
fn StepType() -> impl IntoView {
    let f = flow();
    let current = f.app.draft.with_untracked(|d| d.report_type.clone());
    let l = lang();
    let cards: String = ReportType::ALL
        .into_iter()
        .enumerate()
        .map(|(i, ty)| {
            html::radio(
                "type",
                &first_id("type", i, ty.code()),
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

fn choose_category(f: Flow, c: &'static Category) {
    f.app.edit("category", |d| {
        d.category = c.code.to_string();
        d.topic = c.topic().code.to_string();
    });
    f.touch("category");
}

#[component]
fn StepProblem() -> impl IntoView {
    let f = flow();
    // What the citizen types (`typed`), and the same text once they paused ~150 ms (`q`).
    let typed = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let pending = StoredValue::new(0u32);
    let on_type = move |v: String| {
        typed.set(v);
        let n = pending.get_value().wrapping_add(1);
        pending.set_value(n);
        set_timeout(
            move || {
                if pending.get_value() == n {
                    q.set(typed.get_untracked());
                    // Still without the model (it failed offline): try again.
                    search::load_model();
                }
            },
            std::time::Duration::from_millis(150),
        );
    };
    let clear_query = move || {
        pending.update_value(|n| *n = n.wrapping_add(1));
        typed.set(String::new());
        q.set(String::new());
    };
    let allowed = StoredValue::new(offered(f.opd));
    let topic = Memo::new(move |_| f.app.draft.with(|d| d.topic.clone()));
    let category = Memo::new(move |_| f.app.draft.with(|d| d.category.clone()));
    // The three most likely categories from `domain::suggest`, each with the unit it goes to and
    // why; the keyword search when the model has nothing to say.
    search::load_model();
    let results = Memo::new(move |_| {
        // Suggestions replace the keyword matches once the model has arrived.
        search::model_ready();
        q.with(|q| {
            if q.trim().chars().count() < 2 {
                return String::new();
            }
            let l = lang();
            let place = f.app.draft.with_untracked(|d| if !d.desa.is_empty() { d.desa.clone() } else { d.kecamatan.clone() });
            let place = (!place.is_empty()).then_some(place);
            allowed.with_value(|ok| {
                let ok = |c: &Category| ok.iter().any(|a| a.code == c.code);
                let suggested: Vec<String> = domain::suggest::suggest_at(q, place.as_deref(), 3)
                    .into_iter()
                    .filter(|s| ok(s.category))
                    .map(|s| {
                        let (unit, reason) = if s.route.is_external() {
                            (
                                format!(
                                    "{} {}",
                                    t("Bukan wewenang Pemkab Natuna:", "Not the regency's authority:"),
                                    s.route.unit.name.get(l)
                                ),
                                s.route.guidance().map(|g| g.get(l)).unwrap_or_else(|| s.route.reason.get(l)),
                            )
                        } else {
                            (s.route.unit.display_name(l), s.route.reason.get(l))
                        };
                        format!(
                            r#"<li><button type="button" class="result{}" data-cat="{}"><b>{}</b><span class="unit">{}</span><small>{}</small></button></li>"#,
                            if s.route.is_external() { " external" } else { "" },
                            s.category.code,
                            html::esc(s.category.name.get(l)),
                            html::esc(&unit),
                            html::esc(reason)
                        )
                    })
                    .collect();
                if !suggested.is_empty() {
                    return suggested.concat();
                }
                search::search(q)
                    .into_iter()
                    .filter(|c| ok(c))
                    .map(|c| {
                        format!(
                            r#"<li><button type="button" class="result" data-cat="{}"><b>{}</b><small>{} · {}</small></button></li>"#,
                            c.code,
                            html::esc(c.name.get(l)),
                            html::esc(c.topic().name.get(l)),
                            html::esc(c.description.get(l))
                        )
                    })
                    .collect::<String>()
            })
        })
    });
    let results_html = move || results.get();
    let result_count = move || results.with(|r| r.matches("<li>").count());
    let tiles_html = {
        let l = lang();
        allowed.with_value(|ok| {
            TOPICS
                .iter()
                .filter(|tp| ok.iter().any(|c| c.topic().code == tp.code))
                .map(|tp| {
                    format!(
                        r#"<li><button type="button" class="tile" data-topic="{}"><span class="icon">{}</span><b>{}</b><small>{}</small></button></li>"#,
                        tp.code,
                        icons::svg(tp.icon),
                        html::esc(tp.name.get(l)),
                        html::esc(tp.description.get(l))
                    )
                })
                .collect::<String>()
        })
    };
    let categories_html = Signal::derive(move || {
        let tp = topic.get();
        let chosen = f.app.draft.with_untracked(|d| d.category.clone());
        let l = lang();
        allowed.with_value(|ok| {
            ok.iter()
                .filter(|c| c.topic().code == tp)
                .map(|c| {
                    html::radio(
                        "category",
                        &format!("f-cat-{}", c.code),
                        c.code,
                        c.name.get(l),
                        c.description.get(l),
                        chosen == c.code,
                        "",
                    )
                })
                .collect::<String>()
        })
    });
    let pick_from_search = move |ev: leptos::ev::MouseEvent| {
        let Some(c) = html::target_data(&ev, "cat").and_then(|c| catalog::category(&c)) else {
            return;
        };
        choose_category(f, c);
        clear_query();
        let id = format!("f-cat-{}", c.code);
        leptos::prelude::request_animation_frame(move || {
            if let Some(el) = util::document().get_element_by_id(&id) {
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    input.set_checked(true);
                    let _ = input.focus();
                }
            }
        });
    };
    let pick_topic = move |ev: leptos::ev::MouseEvent| {
        let Some(code) = html::target_data(&ev, "topic") else {
            return;
        };
        f.app.edit("category", |d| {
            if catalog::category(&d.category).is_none_or(|c| c.topic().code != code) {
                d.category.clear();
            }
            d.topic = code;
        });
        util::focus_later("cat-heading".into());
    };
    view! {
        <div class="field search">
            <label for="f-category">{t("Ceritakan masalah Anda", "Tell us about the problem")}</label>
            <p class="hint" id="search-hint">{t("Tulis dengan kata-kata Anda sendiri; kami sarankan jenis masalahnya dan siapa yang menangani.", "Use your own words; we suggest the kind of problem and who handles it.")}</p>
            <div class="with-icon">
                <span class="icon" inner_html=icons::svg("search")></span>
                <input id="f-category" type="search" autocomplete="off" aria-describedby="search-hint err-category search-count"
                    placeholder=t("misalnya: jalan berlubang, obat kosong", "e.g. pothole, no medicine")
                    prop:value=move || typed.get() on:input=move |ev| on_type(event_target_value(&ev))/>
            </div>
            <p class="sr-only" id="search-count" role="status">{move || {
                let n = result_count();
                if q.with(|q| q.trim().chars().count() < 2) { String::new() } else {
                    match lang() { Lang::Id => format!("{n} saran"), Lang::En => format!("{n} suggestions") }
                }
            }}</p>
            <ul class="results" aria-live="polite" aria-label=t("Saran jenis masalah", "Suggested problems") inner_html=results_html on:click=pick_from_search></ul>
            <button type="button" class="link not-this" hidden=move || result_count() == 0
                on:click=move |_| { clear_query(); util::focus_later("topics-heading".into()); }>
                {t("Bukan ini, pilih topik sendiri", "None of these, choose a topic")}
            </button>
            <p class="muted" hidden=move || !(result_count() == 0 && q.with(|q| q.trim().chars().count() >= 2))>
                {t("Belum ada yang cocok. Coba kata lain, atau pilih topik di bawah.", "Nothing matches yet. Try other words, or choose a topic below.")}
            </p>
        </div>
        <div hidden=move || !topic.with(|t| t.is_empty())>
            <h2 id="topics-heading" class="sub" tabindex="-1">{t("Atau pilih topik", "Or choose a topic")}</h2>
            <ul class="tiles" inner_html=tiles_html on:click=pick_topic></ul>
        </div>
        <div hidden=move || topic.with(|t| t.is_empty())>
            <div class="topic-chosen">
                <span inner_html=move || catalog::topic(&topic.get()).map(|tp| format!(r#"<span class="icon">{}</span><b>{}</b>"#, icons::svg(tp.icon), html::esc(tx(tp.name)))).unwrap_or_default()></span>
                <button type="button" class="link" on:click=move |_| f.app.edit("category", |d| d.topic.clear())>{t("Ganti topik", "Change topic")}</button>
            </div>
            <h2 id="cat-heading" class="sub" tabindex="-1">{t("Pilih yang paling sesuai", "Choose the closest match")}</h2>
            <RadioGroup field="category" labelled_by="cat-heading" html=categories_html
                on_pick=move |v| if let Some(c) = catalog::category(&v) { choose_category(f, c) }/>
        </div>
        <div class="questions" inner_html=move || questions_html(&category.get())
            on:change=move |ev| {
                let (Some(input), Some(v)) = (ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()), html::target_value(&ev)) else { return };
                let q = input.name().trim_start_matches("q-").to_string();
                f.app.edit(&format!("answers.{q}"), move |d| { d.answers.insert(q, v); });
            }>
        </div>
    }
}

/// Only the questions the chosen category asks, as radio groups.
fn questions_html(category: &str) -> String {
    let Some(c) = catalog::category(category) else {
        return String::new();
    };
    let l = lang();
    let optional = t(" (tidak wajib)", " (optional)");
    c.questions()
        .map(|q| {
            let field = format!("answers.{}", q.code);
            let answer = flow().app.draft.with_untracked(|d| d.answers.get(q.code).cloned()).unwrap_or_default();
            let options: String = q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| html::radio(&format!("q-{}", q.code), &first_id(&field, i, o.value), o.value, o.label.get(l), "", answer == o.value, " compact"))
                .collect();
            format!(
                r#"<fieldset class="choices question" aria-labelledby="q-{0}"><legend id="q-{0}">{1}{2}</legend>{3}</fieldset>"#,
                q.code,
                html::esc(q.text.get(l)),
                optional,
                options
            )
        })
        .collect()
}

fn route_html(d: &Draft) -> String {
    if catalog::category(&d.category).is_none() {
        return String::new();
    }
    let r = domain::route(&d.route_request());
    let l = lang();
    if r.unit.is_external() {
        format!(
            r#"<div class="route external"><p class="route-title">{}</p><p><b>{}</b></p>{}</div>"#,
            t(
                "Bukan wewenang Pemkab Natuna",
                "Not the regency's authority"
            ),
            html::esc(r.unit.name.get(l)),
            r.unit
                .guidance
                .map(|g| format!("<p>{}</p>", html::esc(g.get(l))))
                .unwrap_or_default()
        )
    } else {
        format!(
            r#"<div class="route"><p class="route-title">{}</p><p><b>{}</b></p><p class="reason">{}</p></div>"#,
            t(
                "Laporan Anda akan ditangani oleh:",
                "Your report will be handled by:"
            ),
            html::esc(&r.unit.display_name(l)),
            html::esc(r.reason.get(l))
        )
    }
}

/// "Laporan Anda akan ditangani oleh …", live, from `domain::route`.
#[component]
fn RoutePanel() -> impl IntoView {
    let f = flow();
    let html = Memo::new(move |_| f.app.draft.with(route_html));
    view! { <div aria-live="polite" inner_html=move || html.get()></div> }
}
#[derive(Clone, Copy, PartialEq)]
enum Geo {
    Idle,
    Locating,
    /// The Geolocation API's error code (1 denied, 2 unavailable, 3 timeout; 0 unsupported).
    Failed(u8),
}

fn locate(f: Flow, status: RwSignal<Geo>) {
    let Ok(geo) = util::window().navigator().geolocation() else {
        status.set(Geo::Failed(0));
        return;
    };
    status.set(Geo::Locating);
    let ok = wasm_bindgen::closure::Closure::once_into_js(move |pos: JsValue| {
        let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or(JsValue::UNDEFINED);
        let num = |k: &str| {
            js_sys::Reflect::get(&coords, &k.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        if let (Some(lat), Some(lon)) = (num("latitude"), num("longitude")) {
            let acc = num("accuracy");
            f.app.edit("location.lat", |d| {
                d.lat = Some((lat * 1e6).round() / 1e6);
                d.lon = Some((lon * 1e6).round() / 1e6);
                d.accuracy = acc.map(f64::round);
            });
            f.touch("location.lat");
        }
        status.set(Geo::Idle);
    });
    let err = wasm_bindgen::closure::Closure::once_into_js(move |e: JsValue| {
        let code = js_sys::Reflect::get(&e, &"code".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(2.0);
        status.set(Geo::Failed(code as u8));
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_enable_high_accuracy(true);
    opts.set_timeout(20_000);
    opts.set_maximum_age(60_000);
    if geo
        .get_current_position_with_error_callback_and_options(
            ok.unchecked_ref(),
            Some(err.unchecked_ref()),
            &opts,
        )
        .is_err()
    {
        status.set(Geo::Failed(2));
    }
}

fn by_name(mut v: Vec<&'static catalog::Region>) -> Vec<&'static catalog::Region> {
    domain::sort::sort_by_key(&mut v, |r| (r.name, r.code));
    v
}

#[component]
fn StepWhere() -> impl IntoView {
    let f = flow();
    let kec = Memo::new(move |_| f.app.draft.with(|d| d.kecamatan.clone()));
    let geo = RwSignal::new(Geo::Idle);
    let kec_options = {
        let current = kec.get_untracked();
        let list = by_name(
            REGIONS
                .iter()
                .filter(|r| r.kind == RegionKind::Kecamatan)
                .collect(),
        );
        let mut s = html::option(
            "",
            t("— Pilih kecamatan —", "— Choose a district —"),
            current.is_empty(),
        );
        for r in list {
            s.push_str(&html::option(r.code, r.name, current == r.code));
        }
        s
    };
    let desa_options = move || {
        let k = kec.get();
        let current = f.app.draft.with_untracked(|d| d.desa.clone());
        let list = by_name(
            REGIONS
                .iter()
                .filter(|r| r.parent.is_some_and(|p| p.get().code == k))
                .collect(),
        );
        let first = if k.is_empty() {
            t("Pilih kecamatan dahulu", "Choose the district first")
        } else {
            t("— Pilih desa/kelurahan —", "— Choose a village —")
        };
        let mut s = html::option("", first, current.is_empty());
        for r in list {
            let kind = if r.kind == RegionKind::Kelurahan {
                "Kelurahan"
            } else {
                "Desa"
            };
            s.push_str(&html::option(
                r.code,
                &format!("{kind} {}", r.name),
                current == r.code,
            ));
        }
        s
    };
    view! {
        <div class="field">
            <label for="f-kecamatan">{t("Kecamatan", "District (kecamatan)")}{optional_mark(f, "location.desa")}</label>
            <select id="f-kecamatan" aria-describedby="err-location-desa" inner_html=kec_options
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    f.app.edit("location.desa", |d| {
                        if d.kecamatan != v {
                            d.desa.clear();
                        }
                        d.kecamatan = v;
                    });
                }>
            </select>
        </div>
        <div class="field">
            <label for="f-location-desa">{t("Desa/kelurahan", "Village (desa/kelurahan)")}{optional_mark(f, "location.desa")}</label>
            <select id="f-location-desa" disabled=move || kec.with(|k| k.is_empty())
                aria-invalid=move || if f.error("location.desa").is_some() { "true" } else { "false" }
                aria-describedby="err-location-desa"
                inner_html=desa_options
                on:change=move |ev| { let v = event_target_value(&ev); f.app.edit("location.desa", |d| d.desa = v); f.touch("location.desa"); }
                on:blur=move |_| f.touch("location.desa")>
            </select>
            <FieldMsg field="location.desa"/>
        </div>
        <TextInput field="location.detail" label=("Detail lokasi", "Location details")
            hint=("Patokan yang mudah dicari petugas, misalnya: depan SD Negeri 1, dekat dermaga.", "A landmark officers can find, e.g. in front of the primary school, near the jetty.")
            get=|d| &d.detail set=|d, v| d.detail = v/>
        <div class="field geo">
            <button type="button" class="secondary" id="f-location-lat" aria-describedby="err-location-lat geo-status"
                disabled=move || geo.get() == Geo::Locating on:click=move |_| locate(f, geo)>
                <span class="icon" inner_html=icons::svg("pin")></span>
                {move || if geo.get() == Geo::Locating { t("Mencari lokasi…", "Finding your location…") } else { t("Gunakan lokasi saya", "Use my location") }}
            </button>
            <p id="geo-status" class="hint" role="status">{move || match geo.get() {
                Geo::Failed(1) => Some(t("Izin lokasi ditolak. Anda tetap dapat mengirim laporan tanpa titik lokasi.", "Location permission was refused. You can still send the report without a map point.").to_string()),
                Geo::Failed(3) => Some(t("Lokasi tidak ditemukan dalam waktu yang wajar. Coba lagi di tempat terbuka.", "The location took too long. Try again outdoors.").to_string()),
                Geo::Failed(_) => Some(t("Lokasi tidak dapat ditentukan di perangkat ini.", "This device cannot tell its location.").to_string()),
                _ => f.app.draft.with(|d| d.lat.zip(d.lon).map(|(la, lo)| {
                    let acc = d.accuracy.map(|a| format!(" (±{} m)", a as i64)).unwrap_or_default();
                    format!("{} {}, {}{acc}", t("Titik lokasi tersimpan:", "Map point saved:"), fmt_fixed(la, 5), fmt_fixed(lo, 5))
                })),
            }}</p>
            <button type="button" class="link" hidden=move || f.app.draft.with(|d| d.lat.is_none())
                on:click=move |_| f.app.edit("location.lat", |d| { d.lat = None; d.lon = None; d.accuracy = None; })>
                {t("Hapus titik lokasi", "Remove the map point")}
            </button>
            <FieldMsg field="location.lat"/>
        </div>
    }
}

#[component]
fn StepDetails() -> impl IntoView {
    let f = flow();
    let body = Memo::new(move |_| f.app.draft.with(|d| d.body.clone()));
    let date = Memo::new(move |_| f.app.draft.with(|d| d.incident_date.clone()));
    let today = util::today().to_string();
    view! {
        <TextInput field="title" label=("Judul laporan", "Title")
            hint=("Singkat dan jelas, misalnya: Jalan berlubang di depan SD Negeri 1 Ranai.", "Short and clear, e.g. Pothole in front of the primary school in Ranai.")
            get=|d| &d.title set=|d, v| d.title = v/>
        <div class="field">
            <label for="f-body">{t("Isi laporan", "Description")}</label>
            <p class="hint" id="hint-body">{t("Ceritakan apa yang terjadi, sejak kapan, dan apa dampaknya.", "Say what happened, since when, and what it affects.")}</p>
            <textarea id="f-body" rows="7" aria-describedby="err-body hint-body count-body"
                aria-invalid=move || if f.error("body").is_some() { "true" } else { "false" }
                prop:value=move || body.get()
                on:input=move |ev| { let v = event_target_value(&ev); f.app.edit("body", move |d| d.body = v); }
                on:blur=move |_| f.touch("body")></textarea>
            <p class="count" id="count-body">{move || {
                let n = body.with(|b| b.trim().chars().count()) as u64;
                let l = lang();
                let max = util::fmt_num(BODY_MAX as u64, l);
                match l {
                    Lang::Id if n < BODY_MIN as u64 => format!("{} / {max} karakter (minimal {BODY_MIN})", util::fmt_num(n, l)),
                    Lang::En if n < BODY_MIN as u64 => format!("{} / {max} characters (at least {BODY_MIN})", util::fmt_num(n, l)),
                    Lang::Id => format!("{} / {max} karakter", util::fmt_num(n, l)),
                    Lang::En => format!("{} / {max} characters", util::fmt_num(n, l)),
                }
            }}</p>
            <FieldMsg field="body"/>
        </div>
        <div class="field">
            <label for="f-incident-date">{t("Tanggal kejadian", "Date of the incident")}{optional_mark(f, "incident_date")}</label>
            <input id="f-incident-date" type="date" max=today aria-describedby="err-incident-date"
                aria-invalid=move || if f.error("incident_date").is_some() { "true" } else { "false" }
                prop:value=move || date.get()
                on:input=move |ev| { let v = event_target_value(&ev); f.app.edit("incident_date", move |d| d.incident_date = v); }
                on:blur=move |_| f.touch("incident_date")/>
            <FieldMsg field="incident_date"/>
        </div>
        <PhotoPicker/>
    }
}

#[component]
fn PhotoPicker() -> impl IntoView {
    let f = flow();
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<(&'static str, &'static str)>);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let room = MAX_ATTACHMENTS.saturating_sub(f.app.photos.with_untracked(|p| p.len()));
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        problem.set((files.len() > room).then_some((
            "Sebagian foto tidak ditambahkan karena jumlah foto sudah maksimal.",
            "Some photos were not added because the maximum number of photos was reached.",
        )));
        if files.is_empty() || room == 0 {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            // One at a time: a cheap phone has little memory for decoding camera photos.
            for file in files.into_iter().take(room) {
                match photos::shrink(file).await {
                    Ok(p) => {
                        f.app.photos.update(|ps| ps.push(p));
                        f.app.server_errors.update(|e| {
                            e.remove("attachments");
                        });
                    }
                    Err(_) => problem.set(Some(("Salah satu file tidak dapat dibuka sebagai foto. Pilih foto JPEG atau PNG.", "One file cannot be opened as a photo. Choose a JPEG or PNG photo."))),
                }
            }
            busy.set(false);
        });
    };
    let previews = move || {
        let (photo, remove) = (t("Foto", "Photo"), t("Hapus foto", "Remove photo"));
        f.app.photos.with(|ps| {
            ps.iter()
                .enumerate()
                .map(|(i, p)| {
                    format!(
                        r#"<li><img src="{}" alt="{photo} {n}"><button type="button" class="remove" data-remove="{i}" aria-label="{remove} {n}">×</button></li>"#,
                        html::esc(&p.data_url),
                        n = i + 1
                    )
                })
                .collect::<String>()
        })
    };
    let on_remove = move |ev: leptos::ev::MouseEvent| {
        let Some(i) = html::target_data(&ev, "remove").and_then(|i| i.parse::<usize>().ok()) else {
            return;
        };
        f.app.photos.update(|ps| {
            if i < ps.len() {
                ps.remove(i);
            }
        });
        util::focus_later("f-attachments".into());
    };
    view! {
        <div class="field photos-field">
            <label for="f-attachments">{match lang() {
                Lang::Id => format!("Foto (tidak wajib, paling banyak {MAX_ATTACHMENTS})"),
                Lang::En => format!("Photos (optional, at most {MAX_ATTACHMENTS})"),
            }}</label>
            <p class="hint" id="hint-attachments">{t("Foto diperkecil di ponsel Anda sebelum dikirim agar hemat kuota.", "Photos are made smaller on your phone before sending, to save data.")}</p>
            <ul class="previews" inner_html=previews on:click=on_remove></ul>
            <input id="f-attachments" type="file" accept="image/*" multiple
                aria-describedby="err-attachments hint-attachments photo-status"
                disabled=move || busy.get() || f.app.photos.with(|p| p.len() >= MAX_ATTACHMENTS)
                on:change=on_pick/>
            <p id="photo-status" class="hint" role="status">
                {move || busy.get().then(|| t("Memperkecil foto…", "Shrinking photos…"))}
                {move || problem.get().map(|(id, en)| t(id, en))}
                {move || f.app.photos_unsaved.get().then(|| t(
                    "Foto terlalu besar untuk disimpan di ponsel ini; foto tetap terkirim selama halaman ini tidak ditutup.",
                    "The photos are too big to keep on this phone; they are still sent as long as this page stays open.",
                ))}
            </p>
            <FieldMsg field="attachments"/>
        </div>
    }
}

#[component]
fn StepWho() -> impl IntoView {
    let f = flow();
    let current = f.app.draft.with_untracked(|d| d.privacy.clone());
    let l = lang();
    let cards: String = Privacy::ALL
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            html::radio(
                "privacy",
                &first_id("privacy", i, p.code()),
                p.code(),
                p.label(l),
                p.explain(l),
                current == p.code(),
                "",
            )
        })
        .collect();
    view! {
        <h2 class="sub" id="privacy-legend">{t("Siapa yang boleh melihat laporan ini?", "Who may see this report?")}</h2>
        <RadioGroup field="privacy" labelled_by="privacy-legend" html=Signal::stored(cards)
            on_pick=move |v| f.app.edit("privacy", |d| d.privacy = v)/>
        <TextInput field="reporter.name" label=("Nama", "Name") autocomplete="name" get=|d| &d.name set=|d, v| d.name = v/>
        <TextInput field="reporter.phone" label=("Nomor HP/WhatsApp", "Mobile/WhatsApp number") kind="tel" autocomplete="tel" inputmode="tel"
            hint=("Agar petugas dapat menghubungi Anda bila perlu. Tidak ditampilkan kepada publik.", "So officers can contact you if needed. Never shown publicly.")
            get=|d| &d.phone set=|d, v| d.phone = v/>
        <TextInput field="reporter.email" label=("E-mail", "E-mail") kind="email" autocomplete="email" inputmode="email"
            get=|d| &d.email set=|d, v| d.email = v/>
    }
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        html::esc(s)
    }
}

/// The review: each step's answers, with a button back to the step.
fn summary_html(d: &Draft, photos: &[crate::draft::Photo]) -> String {
    let l = lang();
    let change = t("Ubah", "Change");
    let section = |step: u8, body: String| {
        let (id, en) = STEP_TITLES[(step - 1) as usize];
        let title = if l == Lang::Id { id } else { en };
        format!(
            r#"<section class="summary"><div class="summary-head"><h2>{title}</h2><button type="button" class="link" data-go="{step}" aria-label="{change} {lower}">{change}</button></div>{body}</section>"#,
            lower = html::esc(&title.to_lowercase())
        )
    };
    let mut out = String::new();
    out += &section(
        1,
        format!(
            "<p>{}</p>",
            ReportType::parse(&d.report_type)
                .map(|t| t.label(l))
                .unwrap_or("—")
        ),
    );
    let problem = match catalog::category(&d.category) {
        None => "<p>—</p>".to_string(),
        Some(c) => {
            let answers: String = c
                .questions()
                .filter_map(|q| {
                    let v = d.answers.get(q.code)?;
                    let o = q.options.iter().find(|o| o.value == v)?;
                    Some(html::fact(q.text.get(l), o.label.get(l)))
                })
                .collect();
            format!(
                r#"<p><b>{}</b><br><small>{}</small></p><dl class="facts">{answers}</dl>"#,
                html::esc(c.name.get(l)),
                html::esc(c.topic().name.get(l))
            )
        }
    };
    out += &section(2, problem);
    let place = d
        .location_code()
        .and_then(catalog::region)
        .map(|r| {
            if r.parent.is_some() {
                format!("{}, Kec. {}", r.name, r.kecamatan().name)
            } else {
                format!("Kec. {}", r.name)
            }
        })
        .unwrap_or_default();
    let mut where_ = format!("<p>{}</p>", or_dash(&place));
    if !d.detail.is_empty() {
        where_ += &format!("<p>{}</p>", html::esc(&d.detail));
    }
    if let (Some(a), Some(b)) = (d.lat, d.lon) {
        where_ += &format!(
            r#"<p class="muted">{}, {}</p>"#,
            fmt_fixed(a, 5),
            fmt_fixed(b, 5)
        );
    }
    out += &section(3, where_);
    let mut what = format!(
        r#"<p><b>{}</b></p><p class="body">{}</p>"#,
        or_dash(&d.title),
        or_dash(&d.body)
    );
    if !d.incident_date.is_empty() {
        what += &format!(
            r#"<p class="muted">{}{}</p>"#,
            t("Tanggal kejadian: ", "Date of the incident: "),
            html::esc(&util::long_date(&d.incident_date, l))
        );
    }
    if !photos.is_empty() {
        what += r#"<ul class="previews small">"#;
        for (i, p) in photos.iter().enumerate() {
            what += &format!(
                r#"<li><img src="{}" alt="{} {}"></li>"#,
                html::esc(&p.data_url),
                t("Foto", "Photo"),
                i + 1
            );
        }
        what += "</ul>";
    }
    out += &section(4, what);
    let who = format!(
        r#"<p><b>{}</b></p><dl class="facts">{}{}{}</dl>"#,
        Privacy::parse(&d.privacy)
            .map(|p| p.label(l))
            .unwrap_or("—"),
        html::fact(t("Nama", "Name"), &d.name),
        html::fact(t("Nomor HP", "Phone"), &d.phone),
        html::fact("E-mail", &d.email)
    );
    out += &section(5, who);
    out
}

#[component]
fn StepReview() -> impl IntoView {
    let f = flow();
    // Every problem, the server's first, each with a way to the field.
    let problems = Memo::new(move |_| {
        let l = lang();
        let mut list: Vec<(String, String)> = f
            .app
            .server_errors
            .with(|e| e.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        f.errors.with(|es| {
            for e in es {
                if !list.iter().any(|(k, _)| *k == e.field) {
                    list.push((e.field.clone(), e.message(l).to_string()));
                }
            }
        });
        // In the order of the steps.
        (1..=STEPS)
            .flat_map(|s| list.iter().filter(move |(k, _)| step_of(k) == s).cloned())
            .collect::<Vec<_>>()
    });
    let show = move || {
        (f.show_all.get()
            || f.app.rejected.with(|r| r.is_some())
            || f.app.server_errors.with(|e| !e.is_empty()))
            && !problems.with(|p| p.is_empty())
    };
    let problems_html = move || {
        problems.with(|p| {
            p.iter().map(|(field, msg)| format!(r#"<li><button type="button" class="link" data-field="{}">{}</button></li>"#, html::esc(field), html::esc(msg))).collect::<String>()
        })
    };
    let summary = move || {
        f.app
            .draft
            .with(|d| f.app.photos.with(|p| summary_html(d, p)))
    };
    view! {
        <div class="error-summary" id="error-summary" tabindex="-1" role="alert" hidden=move || !show()>
            <h2>{t("Ada isian yang perlu diperbaiki", "Some fields need fixing")}</h2>
            <p>{move || f.app.rejected.get()}</p>
            <ul inner_html=problems_html on:click=move |ev| if let Some(field) = html::target_data(&ev, "field") { f.focus_field(&field) }></ul>
        </div>
        <p class="notice" role="alert" hidden=move || show() || f.app.rejected.with(|r| r.is_none())>{move || f.app.rejected.get()}</p>
        <div inner_html=summary on:click=move |ev| {
            if let Some(s) = html::target_data(&ev, "go").and_then(|s| s.parse::<u8>().ok()) {
                f.go_to(s);
            }
        }></div>
    }
}

#[component]
fn SendButton() -> impl IntoView {
    let f = flow();
    let send = move |_| {
        let has_errors = f.errors.with_untracked(|e| !e.is_empty());
        if has_errors {
            f.show_all.set(true);
            util::focus_later("error-summary".into());
            return;
        }
        outbox::queue(f.app);
    };
    view! {
        <button type="button" class="primary" on:click=send disabled=move || f.app.sending.get()>
            {t("Kirim laporan", "Send report")}
        </button>
    }
}

#[component]
fn PendingView() -> impl IntoView {
    let app = app_state();
    let waiting = move || app.wait.with(|w| w.is_some());
    view! {
        <section class="pending">
            <h1 id="pending-title" tabindex="-1">{move || if waiting() {
                t("Belum terkirim, akan dikirim otomatis", "Not sent yet; it will be sent automatically")
            } else {
                t("Mengirim laporan…", "Sending the report…")
            }}</h1>
            <div role="status" aria-live="polite">
                {move || match app.wait.get() {
                    Some(Wait::Network) => Some(t(
                        "Koneksi internet terputus atau terlalu lambat. Laporan Anda tersimpan di ponsel ini dan dikirim otomatis begitu koneksi kembali, juga saat Anda membuka Lapor Natuna lagi.",
                        "The connection dropped or is too slow. Your report is saved on this phone and is sent automatically as soon as the connection returns, or when you open Lapor Natuna again.",
                    ).to_string()),
                    Some(Wait::Busy(msg)) => Some(format!("{msg} {}", t("Laporan akan dicoba dikirim lagi secara otomatis.", "Sending will be retried automatically."))),
                    None => None,
                }.map(|m| view! { <p>{m}</p> })}
                {move || app.sending.get().then(|| view! { <p class="muted">{t("Sedang mencoba mengirim…", "Trying to send…")}</p> })}
            </div>
            <button type="button" class="primary" disabled=move || app.sending.get() on:click=move |_| outbox::send(app)>
                {t("Kirim sekarang", "Send now")}
            </button>
            <p class="hint">{t(
                "Jangan hapus data browser sampai laporan terkirim. Anda boleh menutup halaman ini.",
                "Do not clear the browser's data until the report is sent. You may close this page.",
            )}</p>
        </section>
    }
}

async fn copy_text(text: &str) -> bool {
    let nav = util::window().navigator();
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
    if clip.is_object() {
        if let Ok(write) = js_sys::Reflect::get(&clip, &"writeText".into())
            .and_then(|w| w.dyn_into::<js_sys::Function>())
        {
            if let Ok(p) = write
                .call1(&clip, &text.into())
                .and_then(|p| p.dyn_into::<js_sys::Promise>())
            {
                if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
                    return true;
                }
            }
        }
    }
    // Older browsers and iframes without clipboard permission.
    let doc = util::document();
    let Ok(area) = doc.create_element("textarea") else {
        return false;
    };
    let area: web_sys::HtmlTextAreaElement = area.unchecked_into();
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("class", "offscreen");
    let Some(body) = doc.body() else { return false };
    let _ = body.append_child(&area);
    area.select();
    let ok = doc
        .unchecked_ref::<web_sys::HtmlDocument>()
        .exec_command("copy")
        .unwrap_or(false);
    area.remove();
    ok
}

#[component]
fn ReceiptView(r: Receipt) -> impl IntoView {
    let f = flow();
    let app = f.app;
    let copied = RwSignal::new(None::<&'static str>);
    if !r.seen {
        app.receipt.update(|x| {
            if let Some(x) = x {
                x.seen = true;
            }
        });
    }
    let l = lang();
    let link = format!("{}/lacak/{}", util::origin(), r.tracking_code);
    let share = match l {
        Lang::Id => format!("Saya sudah melapor ke Lapor Natuna (Pemkab Natuna). Kode pelacakan: {}. Pantau di {link}", r.display_code),
        Lang::En => format!("I made a report on Lapor Natuna (Natuna Regency). Tracking code: {}. Follow it at {link}", r.display_code),
    };
    let unit = catalog::unit(&r.unit.code);
    let unit_name = unit
        .map(|u| u.display_name(l))
        .or(r.unit.name.clone())
        .unwrap_or_default();
    let external = unit.is_some_and(|u| u.is_external());
    let blank = if f.embed {
        r#" target="_blank" rel="noopener""#
    } else {
        ""
    };
    let secret_html = r.reporter_secret.as_deref().map(|s| {
        format!(
            r#"<div class="secret-box" role="note" aria-labelledby="secret-title"><h2 id="secret-title">{}</h2><p class="code big" id="receipt-secret">{}</p><p><strong>{}</strong></p><button type="button" data-copy="secret">{}</button></div>"#,
            t("Kode rahasia Anda", "Your secret code"),
            html::esc(s),
            t(
                "Catat dan simpan kode rahasia ini sekarang. Laporan rahasia hanya dapat dibuka dengan kode pelacakan dan kode rahasia ini, dan kode rahasia tidak dapat ditampilkan lagi.",
                "Write this secret code down and keep it now. A confidential report can only be opened with the tracking code and this secret code, and the secret code cannot be shown again.",
            ),
            t("Salin kode rahasia", "Copy secret code")
        )
    });
    let body = format!(
        r#"<p>{keep}</p><p class="code huge" id="receipt-code">{code}</p><div class="actions"><button type="button" data-copy="code">{copy}</button><a class="button whatsapp" href="https://wa.me/?text={wa}" target="_blank" rel="noopener">{share_label}</a></div>{secret}<dl class="facts">{unit}{reason}{due}</dl>{guidance}<p><a class="button" href="/lacak/{raw}"{blank}>{status}</a></p>"#,
        keep = t(
            "Simpan kode pelacakan ini untuk memantau laporan Anda:",
            "Keep this tracking code to follow your report:"
        ),
        code = html::esc(&r.display_code),
        copy = t("Salin kode", "Copy code"),
        wa = html::esc(&util::encode(&share)),
        share_label = t("Bagikan via WhatsApp", "Share via WhatsApp"),
        secret = secret_html.unwrap_or_default(),
        unit = html::fact(
            if external {
                t("Diteruskan kepada", "Referred to")
            } else {
                t("Ditangani oleh", "Handled by")
            },
            &unit_name
        ),
        reason = html::fact(t("Alasan", "Why"), r.reason.as_deref().unwrap_or("")),
        due = html::fact(
            t("Ditanggapi paling lambat", "Response due by"),
            &r.due_date
                .as_deref()
                .map(|d| util::long_date(d, l))
                .unwrap_or_default()
        ),
        guidance = r
            .guidance
            .as_deref()
            .map(|g| format!(
                r#"<div class="route external"><p>{}</p></div>"#,
                html::esc(g)
            ))
            .unwrap_or_default(),
        raw = html::esc(&r.tracking_code),
        status = t("Lihat status laporan", "See the report's status"),
    );
    let (code, secret) = (
        r.display_code.clone(),
        r.reporter_secret.clone().unwrap_or_default(),
    );
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(what) = html::target_data(&ev, "copy") else {
            return;
        };
        let (label, text) = if what == "secret" {
            ("secret", secret.clone())
        } else {
            ("code", code.clone())
        };
        leptos::task::spawn_local(async move {
            let ok = copy_text(&text).await;
            copied.set(Some(if ok { label } else { "fail" }));
        });
    };
    let new_report = move |_| {
        app.receipt.set(None);
        f.touched.set(Vec::new());
        f.show_all.set(false);
        f.go_to(1);
    };
    view! {
        <section class="receipt">
            <h1 id="receipt-title" tabindex="-1">{t("Laporan terkirim", "Report sent")}</h1>
            <div inner_html=body on:click=on_click></div>
            <p class="hint" role="status">{move || match copied.get() {
                Some("code") => Some(t("Kode pelacakan disalin.", "Tracking code copied.")),
                Some("secret") => Some(t("Kode rahasia disalin.", "Secret code copied.")),
                Some(_) => Some(t("Tidak dapat menyalin otomatis; catat kodenya secara manual.", "Could not copy automatically; please write the code down.")),
                None => None,
            }}</p>
            <p><button type="button" class="secondary" on:click=new_report>{t("Buat laporan baru", "Make a new report")}</button></p>
        </section>
    }
}
