//! Step 2: what the problem is. The citizen describes it in their own words and picks one of the
//! categories `domain::suggest` proposes (each with the unit it goes to and why, routed with the
//! answers its words already give; the keyword search while the model has not arrived), or picks
//! a topic and then a category; then answers the category's questions, the answers and place read
//! from the words pre-selected. An embed on an OPD's site offers only the categories that can reach
//! that OPD (`catalog::categories_for`).

use super::fields::{choice_id, FieldMsg, RadioGroup};
use super::{flow, Flow};
use crate::i18n::{lang, t, tx};
use crate::{html, icons, search, util};
use domain::catalog::{self, Category, TOPICS};
use domain::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn choose_category(f: Flow, c: &'static Category) {
    f.app.edit("category", |d| {
        d.category = c.code.to_string();
        d.topic = c.topic().code.to_string();
    });
    f.touch("category");
}

/// A category picked from what the citizen typed: the answers and the place their words already
/// give are pre-selected (a place only when none was chosen); they can change them.
fn preselect(f: Flow, text: &str, c: &'static Category) {
    let answers = domain::suggest::answers_in(text, c);
    let place = domain::suggest::place_in(text);
    f.app.edit("category", move |d| {
        for (q, v) in answers {
            d.answers.insert(q.to_string(), v.to_string());
        }
        if let Some(r) = place.filter(|_| d.kecamatan.is_empty()) {
            d.kecamatan = r.kecamatan().code.to_string();
            if r.parent.is_some() {
                d.desa = r.code.to_string();
            }
        }
    });
}

/// The categories this flow offers.
type Offered = StoredValue<Vec<&'static Category>>;

#[component]
pub(super) fn StepProblem() -> impl IntoView {
    let f = flow();
    let offered: Offered = StoredValue::new(catalog::categories_for(f.opd));
    let topic = Memo::new(move |_| f.app.draft.with(|d| d.topic.clone()));
    let category = Memo::new(move |_| f.app.draft.with(|d| d.category.clone()));
    view! {
        <Search offered=offered/>
        // The category's error is here, under the box that gets the focus: the categories
        // below stay hidden until a topic is chosen.
        <FieldMsg field="category"/>
        <div hidden=move || !topic.with(|t| t.is_empty())>
            <h2 id="topics-heading" class="sub" tabindex="-1">{t("Atau pilih topik", "Or choose a topic")}</h2>
            <Topics offered=offered/>
        </div>
        <div hidden=move || topic.with(|t| t.is_empty())>
            <Categories offered=offered topic=topic/>
        </div>
        <Questions category=category/>
    }
}

/// The three most likely categories for what was typed, as buttons: with the unit each goes to
/// and why from `domain::suggest`, or from the keyword search when the model has nothing.
fn results_html(q: &str, place: Option<&str>, offered: &[&'static Category]) -> String {
    let l = lang();
    let ok = |c: &Category| offered.iter().any(|a| a.code == c.code);
    let suggested: String = domain::suggest::suggest_at(q, place, 3)
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
            // what the text answered, shortly: "(SMA, SMK atau SLB)"
            let said: Vec<&str> = s
                .answers
                .iter()
                .filter_map(|(q, v)| catalog::question(q)?.options.iter().find(|o| o.value == *v))
                .map(|o| o.label.get(l).split(" (").next().unwrap_or_default())
                .collect();
            let unit = if said.is_empty() { unit } else { format!("{unit} ({})", said.join(", ")) };
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
        return suggested;
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
        .collect()
}

/// "Ceritakan masalah Anda": the search box and its suggestions.
#[component]
fn Search(offered: Offered) -> impl IntoView {
    let f = flow();
    // What the citizen types (`typed`), and the same text once they paused ~150 ms (`q`). Their
    // words are the report's story (`Draft::set_story`); until a category is chosen, the box
    // shows them again (typed in the server's form while the app loaded, or before a reload).
    let told = f.app.draft.with_untracked(|d| {
        if d.category.is_empty() {
            d.story.clone()
        } else {
            String::new()
        }
    });
    let typed = RwSignal::new(told.clone());
    let q = RwSignal::new(told);
    let pending = StoredValue::new(0u32);
    let on_type = move |v: String| {
        f.app.draft.update(|d| d.set_story(&v));
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
    search::load_model();
    let short = move || q.with(|q| q.trim().chars().count() < 2);
    let results = Memo::new(move |_| {
        // Suggestions replace the keyword matches once the model has arrived.
        search::model_ready();
        if short() {
            return String::new();
        }
        let place = f
            .app
            .draft
            .with_untracked(|d| d.location_code().map(String::from));
        q.with(|q| offered.with_value(|o| results_html(q, place.as_deref(), o)))
    });
    let count = move || results.with(|r| r.matches("<li>").count());
    let pick = move |ev: leptos::ev::MouseEvent| {
        let Some(c) = html::target_data(&ev, "cat").and_then(|c| catalog::category(&c)) else {
            return;
        };
        // answers first: the questions are drawn when the category changes
        q.with_untracked(|text| preselect(f, text, c));
        choose_category(f, c);
        clear_query();
        let id = format!("f-cat-{}", c.code);
        request_animation_frame(move || {
            if let Some(el) = util::document().get_element_by_id(&id) {
                if let Ok(input) = el.dyn_into::<web_sys::HtmlInputElement>() {
                    input.set_checked(true);
                    let _ = input.focus();
                }
            }
        });
    };
    view! {
        <div class="field search">
            <label for="f-category">{t("Ceritakan masalah Anda", "Tell us about the problem")}</label>
            <p class="hint" id="search-hint">{t("Tulis dengan kata-kata Anda sendiri; kami sarankan jenis masalahnya dan siapa yang menangani.", "Use your own words; we suggest the kind of problem and who handles it.")}</p>
            <div class="with-icon story-box">
                <span class="icon" inner_html=icons::svg("search")></span>
                <textarea id="f-category" rows="3" autocomplete="off" aria-describedby="search-hint err-category search-count"
                    placeholder=t("misalnya: jalan berlubang, obat kosong", "e.g. pothole, no medicine")
                    prop:value=move || typed.get() on:input=move |ev| on_type(event_target_value(&ev))></textarea>
            </div>
            <p class="sr-only" id="search-count" role="status">{move || {
                let n = count();
                if short() { String::new() } else {
                    match lang() { Lang::Id => format!("{n} saran"), Lang::En => format!("{n} suggestions") }
                }
            }}</p>
            <ul class="results" aria-live="polite" aria-label=t("Saran jenis masalah", "Suggested problems") inner_html=move || results.get() on:click=pick></ul>
            <button type="button" class="link not-this" hidden=move || count() == 0
                on:click=move |_| { clear_query(); util::focus_later("topics-heading".into()); }>
                {t("Bukan ini, pilih topik sendiri", "None of these, choose a topic")}
            </button>
            <p class="muted" hidden=move || count() != 0 || short()>
                {t("Belum ada yang cocok. Coba kata lain, atau pilih topik di bawah.", "Nothing matches yet. Try other words, or choose a topic below.")}
            </p>
        </div>
    }
}

/// The topics that have a category on offer, as tiles.
#[component]
fn Topics(offered: Offered) -> impl IntoView {
    let f = flow();
    let l = lang();
    let tiles = offered.with_value(|ok| {
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
    });
    let pick = move |ev: leptos::ev::MouseEvent| {
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
    view! { <ul class="tiles" inner_html=tiles on:click=pick></ul> }
}

/// The chosen topic's categories on offer, as radio cards.
#[component]
fn Categories(offered: Offered, topic: Memo<String>) -> impl IntoView {
    let f = flow();
    let cards = Signal::derive(move || {
        let tp = topic.get();
        let chosen = f.app.draft.with_untracked(|d| d.category.clone());
        let l = lang();
        offered.with_value(|ok| {
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
    let chosen_topic = move || {
        catalog::topic(&topic.get())
            .map(|tp| {
                format!(
                    r#"<span class="icon">{}</span><b>{}</b>"#,
                    icons::svg(tp.icon),
                    html::esc(tx(tp.name))
                )
            })
            .unwrap_or_default()
    };
    view! {
        <div class="topic-chosen">
            <span inner_html=chosen_topic></span>
            <button type="button" class="link" on:click=move |_| f.app.edit("category", |d| d.topic.clear())>{t("Ganti topik", "Change topic")}</button>
        </div>
        <h2 id="cat-heading" class="sub" tabindex="-1">{t("Pilih yang paling sesuai", "Choose the closest match")}</h2>
        <RadioGroup field="category" labelled_by="cat-heading" html=cards msg=false
            on_pick=move |v| if let Some(c) = catalog::category(&v) { choose_category(f, c) }/>
    }
}

/// Only the questions the chosen category asks, as radio groups.
fn questions_html(f: Flow, category: &str) -> String {
    let Some(c) = catalog::category(category) else {
        return String::new();
    };
    let l = lang();
    let optional = t(" (tidak wajib)", " (optional)");
    c.questions()
        .map(|q| {
            let field = format!("answers.{}", q.code);
            let answer = f
                .app
                .draft
                .with_untracked(|d| d.answers.get(q.code).cloned())
                .unwrap_or_default();
            let options: String = q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    html::radio(
                        &format!("q-{}", q.code),
                        &choice_id(&field, i, o.value),
                        o.value,
                        o.label.get(l),
                        "",
                        answer == o.value,
                        " compact",
                    )
                })
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

#[component]
fn Questions(category: Memo<String>) -> impl IntoView {
    let f = flow();
    let on_change = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let (Some(input), Some(v)) = (input, html::target_value(&ev)) else {
            return;
        };
        let q = input.name().trim_start_matches("q-").to_string();
        f.app.edit(&format!("answers.{q}"), move |d| {
            d.answers.insert(q, v);
        });
    };
    view! {
        <div class="questions" inner_html=move || questions_html(f, &category.get()) on:change=on_change></div>
    }
}
