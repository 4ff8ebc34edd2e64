//! Officer accounts (coordinator only): the list, a new account, disable/enable, a password
//! reset, and a CSV import (`username,display_name,email,role,unit,password` per line).

use super::{
    failure_text, internal_units, load_text, parse, post_json, role_label, unit_label,
    unit_options, Me, ROLES,
};
use crate::html;
use crate::i18n::t;
use crate::json::{Json, Obj};
use crate::util;
use leptos::prelude::*;

#[component]
pub fn Accounts(me: Me) -> impl IntoView {
    if !me.is_coordinator() {
        return view! { <section class="page"><p class="notice" role="alert">{t("Hanya koordinator yang mengelola akun petugas.", "Only the coordinator manages officer accounts.")}</p></section> }.into_any();
    }
    let reload = RwSignal::new(0u32);
    let data = load_text(move || {
        reload.track();
        Some("/api/v1/petugas/officers".to_string())
    });
    let status = RwSignal::new(None::<String>);
    view! {
        <section class="page">
            <h1>{t("Akun petugas", "Officer accounts")}</h1>
            <p class="banner ok" role="status" hidden=move || status.with(|s| s.is_none())>{move || status.get()}</p>
            {move || match data.get() {
                None => view! { <p class="muted">{t("Memuat…", "Loading…")}</p> }.into_any(),
                Some(Err(f)) => view! { <p class="notice" role="alert">{failure_text(&f)}</p> }.into_any(),
                Some(Ok(text)) => {
                    let items = parse(&text).list("items");
                    view! {
                        <div class="table-wrap">
                            <table class="officers">
                                <caption class="sr-only">{t("Daftar akun petugas", "Officer accounts")}</caption>
                                <thead><tr>
                                    <th scope="col">{t("Nama pengguna", "Username")}</th>
                                    <th scope="col">{t("Nama / peran / unit", "Name / role / unit")}</th>
                                    <th scope="col">{t("Status", "Status")}</th>
                                    <th scope="col">{t("Ubah", "Change")}</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|o| view! { <Row o=o reload=reload status=status/> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
        <NewOfficer reload=reload status=status/>
        <Import reload=reload status=status/>
    }
    .into_any()
}

#[component]
fn Row(o: Json, reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let username = o.str("username");
    let active = o.bool("active");
    let unit = o.get("unit");
    let desc = format!(
        "{} · {} · {}",
        o.str("display_name"),
        role_label(&o.str("role")),
        unit_label(&unit.str("code"), &unit.str("name"))
    );
    let pw = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let user = StoredValue::new(username.clone());
    let patch = move |body: Obj, done: String| {
        let url = format!(
            "/api/v1/petugas/officers/{}",
            util::encode(&user.get_value())
        );
        leptos::task::spawn_local(async move {
            match super::call("PATCH", &url, Some((body.text(), "application/json"))).await {
                Ok(_) => {
                    status.set(Some(done));
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(failure_text(&f))),
            }
        });
    };
    let toggle = move |_| {
        let msg = format!(
            "{} {}",
            user.get_value(),
            if active {
                t("dinonaktifkan.", "disabled.")
            } else {
                t("diaktifkan.", "enabled.")
            }
        );
        patch(Obj::new().bool("active", !active), msg)
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let msg = format!(
            "{} {}",
            t("Kata sandi diganti untuk", "Password reset for"),
            user.get_value()
        );
        patch(Obj::new().str("password", &pw.get_untracked()), msg);
        pw.set(String::new());
    };
    let pw_id = format!("f-pw-{username}");
    view! {
        <tr class={if active { "" } else { "inactive" }} data-username=username.clone()>
            <td class="code">{username.clone()}</td>
            <td>{desc}</td>
            <td>{if active { t("Aktif", "Active") } else { t("Nonaktif", "Disabled") }}</td>
            <td>
                <button type="button" class="small" on:click=toggle>{if active { t("Nonaktifkan", "Disable") } else { t("Aktifkan", "Enable") }}</button>
                <form class="inline reset" on:submit=reset>
                    <label for=pw_id.clone() class="sr-only">{format!("{} {}", t("Kata sandi baru untuk", "New password for"), username)}</label>
                    <input id=pw_id type="password" autocomplete="new-password" placeholder=t("Kata sandi baru", "New password")
                        prop:value=move || pw.get() on:input=move |ev| pw.set(event_target_value(&ev))/>
                    <button type="submit" class="small">{t("Atur ulang", "Reset")}</button>
                </form>
                <p class="field-error" role="alert">{move || error.get()}</p>
            </td>
        </tr>
    }
}

#[component]
fn NewOfficer(reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let f = |_: ()| RwSignal::new(String::new());
    let (username, name, email, password) = (f(()), f(()), f(()), f(()));
    let role = RwSignal::new("petugas_unit".to_string());
    let unit = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = Obj::new()
            .str("username", username.get_untracked().trim())
            .str("display_name", name.get_untracked().trim())
            .opt(
                "email",
                Some(email.get_untracked())
                    .filter(|e| !e.trim().is_empty())
                    .as_deref(),
            )
            .str("role", &role.get_untracked())
            .str("unit", &unit.get_untracked())
            .str("password", &password.get_untracked());
        error.set(None);
        leptos::task::spawn_local(async move {
            match post_json("/api/v1/petugas/officers", body).await {
                Ok(j) => {
                    status.set(Some(format!(
                        "{} {}",
                        t("Akun dibuat:", "Account created:"),
                        j.str("username")
                    )));
                    for s in [username, name, email, password] {
                        s.set(String::new());
                    }
                    reload.update(|n| *n += 1);
                }
                Err(f) => {
                    error.set(Some(failure_text(&f)));
                    util::focus_later("err-new-officer".into());
                }
            }
        });
    };
    let roles: String = ROLES
        .iter()
        .map(|r| html::option(r, role_label(r), *r == "petugas_unit"))
        .collect();
    let units = format!(
        "{}{}",
        html::option("", t("— pilih unit —", "— choose a unit —"), true),
        unit_options(internal_units(), "")
    );
    let input = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      sig: RwSignal<String>,
                      ac: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind autocomplete=ac prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
            </div>
        }
    };
    view! {
        <section class="page">
            <h2>{t("Akun baru", "New account")}</h2>
            <form on:submit=submit novalidate>
                {input("f-new-username", t("Nama pengguna", "Username"), "text", username, "off")}
                {input("f-new-name", t("Nama lengkap", "Full name"), "text", name, "off")}
                {input("f-new-email", t("Surel (untuk pemberitahuan)", "E-mail (for notifications)"), "email", email, "off")}
                <div class="field">
                    <label for="f-new-role">{t("Peran", "Role")}</label>
                    <select id="f-new-role" inner_html=roles on:change=move |ev| role.set(event_target_value(&ev))></select>
                </div>
                <div class="field">
                    <label for="f-new-unit">{t("Unit", "Unit")}</label>
                    <select id="f-new-unit" inner_html=units on:change=move |ev| unit.set(event_target_value(&ev))></select>
                </div>
                {input("f-new-password", t("Kata sandi awal", "Initial password"), "password", password, "new-password")}
                <p class="field-error" id="err-new-officer" role="alert" tabindex="-1">{move || error.get()}</p>
                <button type="submit" class="primary">{t("Buat akun", "Create the account")}</button>
            </form>
        </section>
    }
}

#[component]
fn Import(reload: RwSignal<u32>, status: RwSignal<Option<String>>) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = csv.get_untracked();
        error.set(None);
        leptos::task::spawn_local(async move {
            match super::call(
                "POST",
                "/api/v1/petugas/officers/import",
                Some((body, "text/csv")),
            )
            .await
            {
                Ok(j) => {
                    status.set(Some(format!(
                        "{} {}",
                        t("Akun diimpor:", "Accounts imported:"),
                        j.int("created")
                    )));
                    csv.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(f) => {
                    let mut msg = failure_text(&f);
                    if let crate::api::Failure::Http(_, e) = &f {
                        if e.fields.is_empty() && e.message.is_empty() {
                            msg = t("Impor gagal.", "The import failed.").into();
                        }
                    }
                    error.set(Some(msg));
                }
            }
        });
    };
    view! {
        <section class="page">
            <h2>{t("Impor dari CSV", "Import from CSV")}</h2>
            <form on:submit=submit>
                <label for="f-csv">{t("Satu akun per baris: username,display_name,email,role,unit,password", "One account per line: username,display_name,email,role,unit,password")}</label>
                <textarea id="f-csv" rows="6" spellcheck="false" class="code" prop:value=move || csv.get() on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
                <p class="field-error" role="alert">{move || error.get()}</p>
                <button type="submit">{t("Impor", "Import")}</button>
            </form>
        </section>
    }
}
